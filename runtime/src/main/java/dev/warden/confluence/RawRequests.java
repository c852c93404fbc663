package dev.warden.confluence;

import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import dev.warden.plugin.RuleCall;
import dev.warden.plugin.RuleCallException;

/**
 * {@code confluence.request(method, path, body, options)}: the escape hatch for endpoints the API lacks. Paths stay
 * on the configured site under {@code /wiki/}, and rules may not set credentials or the admin-key header: the
 * runtime alone decides which runs send it.
 */
final class RawRequests {

    private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "DELETE", "PATCH");
    private static final Set<String> REFUSED = Set.of("authorization", "proxy-authorization", "cookie", "host",
            "content-length", "transfer-encoding", "connection", "forwarded", "x-forwarded-for", "x-forwarded-host",
            RunHeaders.ADMIN_KEY.toLowerCase(Locale.ROOT));
    /** An HTTP token (RFC 9110): what a header name may be. */
    private static final java.util.regex.Pattern HEADER_NAME = java.util.regex.Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

    private final ConfluenceClient client;

    RawRequests(ConfluenceClient client) {
        this.client = client;
    }

    /** The path as a server would read it: percent-decoding undone (up to three times over), lower case. */
    static String decoded(String path) {
        String decoded = path;
        for (int i = 0; i < 3 && decoded.indexOf('%') >= 0; i++) {
            try {
                decoded = java.net.URLDecoder.decode(decoded.replace("+", "%2B"),
                        java.nio.charset.StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                break;
            }
        }
        return decoded.toLowerCase(Locale.ROOT);
    }

    /**
     * Whether a decoded path names Confluence's admin-key endpoint, however spelt (doubled slashes, a trailing
     * slash, a query, {@code adminkey}). A rule that could call it would turn the key on or off behind the leases'
     * back.
     */
    static boolean isAdminKeyEndpoint(String decodedPath) {
        String plain = decodedPath.replaceAll("[?;#].*$", "").replaceAll("/{2,}", "/").replaceAll("/(\\./)+", "/");
        return plain.matches(".*/admin-?key(/.*)?");
    }

    Object request(RuleCall call, Arguments args) {
        String method = args.text(0, "method").toUpperCase(Locale.ROOT);
        String path = args.text(1, "path");
        if (!METHODS.contains(method)) {
            throw args.bad("method must be one of " + METHODS);
        }
        String decoded = decoded(path);
        if (!path.startsWith("/wiki/") || decoded.contains("..") || decoded.contains("\\") || path.contains("#")) {
            throw args.bad("path must start with /wiki/ on the configured site, e.g. /wiki/api/v2/spaces, and may "
                    + "not contain '..'");
        }
        if (isAdminKeyEndpoint(decoded)) {
            throw new RuleCallException(403, "ADMIN_KEY_ENDPOINT_NOT_ALLOWED", "confluence.request may not call "
                    + "the admin-key endpoint", "Warden alone enables and disables the admin key, around runs of a "
                    + "rule that declares adminKey: { minutes: N }; a rule can read its state with "
                    + "plugins.adminKey.status()");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        args.object(args.options(3, "headers"), "headers").forEach((name, value) -> {
            String header = String.valueOf(name);
            if (REFUSED.contains(header.toLowerCase(Locale.ROOT))) {
                throw new RuleCallException(400, "HEADER_NOT_ALLOWED", "confluence.request may not set "
                        + header, header.equalsIgnoreCase(RunHeaders.ADMIN_KEY) ? "the admin key is attached "
                        + "by Warden, and only to runs of a rule that declares adminKey: { minutes: N }"
                        : "Warden sets credentials and transport headers itself");
            }
            if (!HEADER_NAME.matcher(header).matches()) {
                throw args.bad("'" + header + "' is not a valid header name");
            }
            // The value is not shown in the error: a header is where a rule would put a secret.
            if (!(value instanceof String || value instanceof Number)) {
                throw args.bad("the value of header " + header + " must be a string");
            }
            String text = String.valueOf(value);
            if (text.indexOf('\r') >= 0 || text.indexOf('\n') >= 0 || text.indexOf('\0') >= 0) {
                throw args.bad("the value of header " + header + " may not hold line breaks or NUL");
            }
            headers.put(header, text);
        });
        HttpResponse<String> response = client.send(call, method, path, args.raw(2), headers);
        if (response.statusCode() / 100 != 2) {
            throw client.connection().failure(response);
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("status", response.statusCode());
        answer.put("body", ConfluenceRuleApi.json(ConfluenceClient.parse(response.body())));
        return answer;
    }
}
