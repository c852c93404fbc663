package dev.warden.plugin;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * The Confluence Cloud site and account Warden is configured for. The account's token stays inside the host:
 * {@link #authorize} adds the {@code Authorization} header to a request.
 */
public interface ConfluenceSite {

    /** The site URL, e.g. {@code https://acme.atlassian.net}. */
    URI siteUrl();

    /**
     * Where {@code /wiki/...} paths go: the site URL for a classic API token, or
     * {@code https://api.atlassian.com/ex/confluence/{cloudId}} for a scoped one.
     */
    URI apiBase();

    /** The account's email, the user half of Basic auth. */
    String accountEmail();

    /** Adds the account's credentials to the request. */
    HttpRequest.Builder authorize(HttpRequest.Builder request);

    /**
     * The host's reading of a failed Confluence answer: status, a stable code and a plain-words diagnosis of the
     * authentication failures (revoked token, no product access, scope mismatch, scoped token on the site URL...).
     */
    RuleCallException failure(HttpResponse<String> response);
}
