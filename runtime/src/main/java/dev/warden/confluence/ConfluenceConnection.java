package dev.warden.confluence;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.warden.config.ConfluenceConfig;
import dev.warden.plugin.ConfluenceSite;
import dev.warden.plugin.HttpClientFactory;
import dev.warden.plugin.RuleCallException;

/**
 * The configured site and account: where requests go (the site URL, or the api.atlassian.com gateway with the
 * site's cloud id for a scoped token) and the Basic credentials, which never leave this class as text.
 * Thread-safe; the cloud id is looked up once, on first use.
 */
public final class ConfluenceConnection implements ConfluenceSite {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ConfluenceConfig config;
    private final HttpClientFactory http;
    private final String authorization;
    private final ConfluenceErrors errors;
    private volatile URI apiBase;

    public ConfluenceConnection(ConfluenceConfig config, HttpClientFactory http) {
        this.config = config;
        this.http = http;
        this.authorization = "Basic " + Base64.getEncoder().encodeToString((config.email() + ":"
                + config.token().reveal()).getBytes(StandardCharsets.UTF_8));
        this.errors = new ConfluenceErrors(config.email(), config.url());
    }

    @Override
    public URI siteUrl() {
        return URI.create(config.url());
    }

    @Override
    public URI apiBase() {
        URI base = apiBase;
        if (base == null) {
            base = config.scoped() ? URI.create(config.gatewayUrl() + "/ex/confluence/" + cloudId())
                    : URI.create(config.url());
            apiBase = base;
        }
        return base;
    }

    /**
     * Whether a request to this URI is a call to the site's REST API ({@code /wiki/...}, directly or through the
     * gateway), as opposed to another service on the same host (the Compliance API, the simulator's control API).
     * Never resolves the cloud id.
     */
    public boolean serves(URI uri) {
        String target = uri.toString();
        URI base = apiBase;
        return target.startsWith(withoutSlash(config.url()) + "/wiki/")
                || base != null && target.startsWith(withoutSlash(base.toString()) + "/wiki/");
    }

    private static String withoutSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    @Override
    public String accountEmail() {
        return config.email();
    }

    public boolean scoped() {
        return config.scoped();
    }

    public boolean hasToken() {
        return !config.token().isEmpty();
    }

    @Override
    public HttpRequest.Builder authorize(HttpRequest.Builder request) {
        return request.header("Authorization", authorization);
    }

    @Override
    public RuleCallException failure(HttpResponse<String> response) {
        return errors.of(response);
    }

    /** The configured cloud id, or the site's from {@code /_edge/tenant_info} (no credentials needed). */
    public String cloudId() {
        if (config.cloudId() != null && !config.cloudId().isBlank()) {
            return config.cloudId();
        }
        String why;
        try {
            HttpResponse<String> response = http.send(http.request(URI.create(config.url() + "/_edge/tenant_info"))
                    .GET().build(), true);
            if (response.statusCode() == 200) {
                String id = JSON.readTree(response.body()).path("cloudId").asText("");
                if (!id.isBlank()) {
                    return id;
                }
            }
            why = "it answered " + response.statusCode();
        } catch (java.net.http.HttpTimeoutException | dev.warden.plugin.ResponseTooLargeException e) {
            why = e.getMessage();
        } catch (IOException e) {
            why = e.getClass().getSimpleName();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            why = "interrupted";
        }
        throw new RuleCallException(0, "CLOUD_ID_UNKNOWN", "the site's cloud id could not be read from "
                + config.url() + "/_edge/tenant_info (" + why + ")", "a scoped token needs the site's cloud id: "
                + "set confluence.cloudId (WARDEN_CONFLUENCE_CLOUD_ID), or check confluence.url");
    }
}
