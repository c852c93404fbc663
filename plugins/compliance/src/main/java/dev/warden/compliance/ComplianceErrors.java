package dev.warden.compliance;

import java.net.http.HttpResponse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.warden.plugin.RuleCallException;

/** Turns a refused Compliance call into an error that names the missing key, scope or limit. */
final class ComplianceErrors {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ComplianceErrors() {
    }

    /**
     * @param scope the scope the call needs, e.g. {@code classification::read}
     * @param subject what the call's path names, e.g. {@code page 65537}, or null when it names nothing
     */
    static RuleCallException of(HttpResponse<String> response, String operation, String scope, String subject) {
        int status = response.statusCode();
        if (status == 404 && NotFoundAnswer.of(response.body(), subject) == NotFoundAnswer.NOT_THE_API) {
            return notTheApi(response, operation);
        }
        String said = message(response.body());
        String message = operation + " failed with HTTP " + status + (said == null ? "" : ": " + said);
        return switch (status) {
            case 401 -> new RuleCallException(401, "COMPLIANCE_KEY_REJECTED", message, "The Compliance for "
                    + "Confluence API refused the API key (" + (said == null ? "missing, invalid, revoked or expired"
                    : said) + "). Keys are shown once when created, expire on their expiry date and can be "
                    + "revoked: create a key in Compliance for Confluence and set WARDEN_COMPLIANCE_KEY (or "
                    + "compliance.keyFile).");
            case 403 -> new RuleCallException(403, forbiddenCode(said), message, forbidden(said, scope));
            case 404 -> new RuleCallException(404, "NOT_FOUND", message, "The Compliance API does not know "
                    + subject + ", or the key's user cannot see it: a key never exceeds the Confluence "
                    + "permissions of the user who created it.");
            case 409 -> new RuleCallException(409, "CONFLICT", message);
            case 400 -> new RuleCallException(400, "BAD_REQUEST", message);
            case 429 -> new RuleCallException(429, "RATE_LIMITED", message, "The Compliance API kept answering 429 "
                    + "after Warden waited as it asked; spread the calls out.");
            default -> new RuleCallException(status, status >= 500 ? "SERVER_ERROR" : "HTTP_" + status, message);
        };
    }

    /** A 404 that is not the Compliance API's: the configured URL points somewhere else. */
    static RuleCallException notTheApi(HttpResponse<String> response, String operation) {
        String body = response.body() == null ? "" : response.body().strip().replaceAll("\\s+", " ");
        String shown = body.isEmpty() ? "an empty body" : "'" + (body.length() > 120 ? body.substring(0, 120)
                + "..." : body) + "'";
        return new RuleCallException(0, "COMPLIANCE_URL", operation + " failed: " + response.request().method() + " "
                + response.request().uri() + " answered 404 with " + shown, "That answer did not come from the "
                + "Compliance for Confluence API, which answers 404 only for an unknown page or a page without a "
                + "classification, with a JSON message saying which. " + ComplianceUrl.SETTING + " must be the "
                + "API's base URL including its path, e.g. " + ComplianceUrl.DEFAULT + " (the simulator's is "
                + "http://<host>:<port>/compliance/api); `warden doctor` checks it.");
    }

    /** A 403 without the API's JSON message is not known to be about a scope (a proxy or WAF can answer 403). */
    private static String forbiddenCode(String said) {
        if (said == null) {
            return "FORBIDDEN";
        }
        return said.contains("limit") ? "COMPLIANCE_LIMIT" : "COMPLIANCE_SCOPE";
    }

    private static String forbidden(String said, String scope) {
        if (said == null) {
            return "The answer carried no Compliance API message: the key may lack the scope " + scope + ", or a "
                    + "proxy or firewall between Warden and " + ComplianceUrl.SETTING + " refused the call.";
        }
        if (said != null && said.contains("limit")) {
            return "The API key's limits exclude this page (" + said + "). A page-access limit admits only pages "
                    + "at the listed classification levels and a space limit only the listed spaces: widen the "
                    + "key's limits in Compliance for Confluence, or use a key without them.";
        }
        return "This call needs the scope " + scope + " and the API key lacks it" + (said == null ? ""
                : " (" + said + ")") + ". Scopes are none, read, write or manage per area (write implies read, "
                + "manage implies write): edit the key's scopes in Compliance for Confluence.";
    }

    private static String message(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            JsonNode json = JSON.readTree(body);
            String text = json.path("message").asText(null);
            return text == null || text.isBlank() ? null : text;
        } catch (Exception e) {
            return null;
        }
    }
}
