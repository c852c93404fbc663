package dev.warden.confluence;

import java.net.http.HttpResponse;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.warden.plugin.RuleCallException;

/**
 * Reads a failed Confluence answer into an error with a stable code and a plain-words diagnosis: the failure matrix
 * of the API facts page (403 "caller cannot access Confluence", 401 "scope does not match", an HTML 401, v2's 404
 * for pages the account cannot see) turned into likely causes and the next check to make. Never assumes JSON.
 */
public final class ConfluenceErrors {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern PAGE = Pattern.compile("/wiki/(?:api/v2/pages|rest/api/content)/([^/?]+).*");

    private final String email;
    private final String site;

    /**
     * @param email the configured account, named in diagnoses (it is not a secret)
     * @param site the configured site URL
     */
    public ConfluenceErrors(String email, String site) {
        this.email = email;
        this.site = site;
    }

    public RuleCallException of(HttpResponse<String> response) {
        String method = response.request().method();
        String path = wikiPath(response.request().uri().getRawPath());
        int status = response.statusCode();
        String body = response.body() == null ? "" : response.body();
        boolean html = response.headers().firstValue("Content-Type").orElse("").toLowerCase(Locale.ROOT)
                .contains("html") || body.stripLeading().startsWith("<");
        String detail = html ? "an HTML page" : detail(body);
        String message = "Confluence answered " + status + " to " + method + " " + path
                + (detail == null ? "" : ": " + detail);
        if (status == 401 && html) {
            return new RuleCallException(401, "SCOPED_TOKEN_ON_SITE_URL", message, "Confluence answered with an "
                    + "HTML page instead of JSON: a scoped API token is being sent to the site URL. Scoped tokens "
                    + "work only through https://api.atlassian.com/ex/confluence/{cloudId}: set "
                    + "confluence.tokenType=scoped (WARDEN_CONFLUENCE_TOKEN_TYPE) so Warden goes there, or use a "
                    + "classic API token with the site URL.");
        }
        if (status == 401 && body.contains("scope does not match")) {
            String scope = RequiredScopes.of(method, path);
            return new RuleCallException(401, "SCOPE_MISMATCH", message, "The scoped API token lacks the scope "
                    + (scope == null ? "this endpoint needs" : scope) + " (needed for " + method + " " + path
                    + "). Scoped tokens cannot be edited: create one at id.atlassian.com (Security, API tokens) "
                    + "with that scope added. A classic token sent through api.atlassian.com gets the same answer.");
        }
        if (status == 401) {
            return new RuleCallException(401, "UNAUTHORIZED", message, "Confluence refused the credentials: check "
                    + "WARDEN_CONFLUENCE_EMAIL (" + email + ") and WARDEN_CONFLUENCE_TOKEN; `warden doctor` checks "
                    + "them.");
        }
        if (status == 403 && body.contains("cannot access Confluence")) {
            return new RuleCallException(403, "CANNOT_ACCESS_CONFLUENCE", message, cannotAccess());
        }
        if (status == 403 && body.contains("IP address has been rejected")) {
            return new RuleCallException(403, "IP_NOT_ALLOWED", message, "The site's IP allow-list rejects the "
                    + "address Warden calls from: add it in admin.atlassian.com (Security, IP allowlists), or call "
                    + "from an allowed network.");
        }
        if (status == 403) {
            return new RuleCallException(403, "FORBIDDEN", message, "The account " + email + " may not do this: "
                    + "a space permission or a page restriction refuses it. Check the account's permissions on "
                    + "the space and page.");
        }
        if (status == 404) {
            return notFound(message, path);
        }
        if (status == 409) {
            return new RuleCallException(409, "CONFLICT", message);
        }
        if (status == 429) {
            return new RuleCallException(429, "RATE_LIMITED", message, "Confluence kept answering 429 after Warden "
                    + "waited as its Retry-After asked, up to outbound.maxRetryTime: spread the rule's calls out or "
                    + "run it less often.");
        }
        if (status >= 500) {
            return new RuleCallException(status, "SERVER_ERROR", message, "Confluence failed on its side; Warden "
                    + "retried idempotent calls with backoff. Try again later, or check status.atlassian.com.");
        }
        return new RuleCallException(status, status == 400 ? "BAD_REQUEST" : "HTTP_" + status, message);
    }

    private String cannotAccess() {
        return "Confluence rejected the request because the caller cannot access Confluence. Likely causes: "
                + "(1) the API token was revoked, has expired or is mistyped (a stray space or line break, a "
                + "truncated copy); (2) the account " + email + " has no Confluence product access on this site; "
                + "(3) the token belongs to another account than " + email + " (a token works only with the email "
                + "of the account that created it). Check: create a new token at id.atlassian.com (Security, API "
                + "tokens) while logged in as " + email + " and set WARDEN_CONFLUENCE_TOKEN; in admin.atlassian.com "
                + "make sure that account has Confluence in its products; open " + site + "/wiki as that account. "
                + "`warden doctor` runs these checks.";
    }

    private RuleCallException notFound(String message, String path) {
        Matcher page = PAGE.matcher(path);
        String credentials = " If every call answers 404, Confluence may be refusing the credentials themselves "
                + "(its v2 API answers 404 where v1 answers 403): run `warden doctor`.";
        if (page.matches()) {
            return new RuleCallException(404, "NOT_FOUND", message, "Page " + page.group(1) + " does not exist, "
                    + "is in the trash, or is restricted from " + email + ": Confluence answers 404, not 403, for a "
                    + "page the account cannot see. A rule that declares adminKey: { minutes: N } runs with the "
                    + "site's admin key and can read restricted pages (org or site admins, Premium or Enterprise)."
                    + credentials);
        }
        return new RuleCallException(404, "NOT_FOUND", message, "Nothing was found at " + path + ", or the account "
                + "cannot see it." + credentials);
    }

    /** The path from {@code /wiki} on, so gateway requests read like site requests. */
    static String wikiPath(String rawPath) {
        int wiki = rawPath.indexOf("/wiki/");
        return wiki < 0 ? rawPath : rawPath.substring(wiki);
    }

    /** The server's own words from any of Confluence's error shapes, or the start of a plain-text body. */
    private static String detail(String body) {
        if (body.isBlank()) {
            return null;
        }
        try {
            JsonNode json = JSON.readTree(body);
            for (JsonNode candidate : new JsonNode[] {json.path("errors").path(0).path("title"),
                    json.path("message"), json.path("errorMessages").path(0)}) {
                if (candidate.isTextual() && !candidate.asText().isBlank()) {
                    return candidate.asText();
                }
            }
            return null;
        } catch (Exception notJson) {
            return body.length() > 200 ? body.substring(0, 200) + "…" : body.strip();
        }
    }
}
