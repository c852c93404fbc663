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
    private static final Set<String> REFUSED = Set.of("authorization", "cookie", "host", "content-length",
            RunHeaders.ADMIN_KEY.toLowerCase(Locale.ROOT));

    private final ConfluenceClient client;

    RawRequests(ConfluenceClient client) {
        this.client = client;
    }

    Object request(RuleCall call, Arguments args) {
        String method = args.text(0, "method").toUpperCase(Locale.ROOT);
        String path = args.text(1, "path");
        if (!METHODS.contains(method)) {
            throw args.bad("method must be one of " + METHODS);
        }
        if (!path.startsWith("/wiki/") || path.contains("..") || path.contains("\\") || path.contains("#")) {
            throw args.bad("path must start with /wiki/ on the configured site, e.g. /wiki/api/v2/spaces, and may "
                    + "not contain '..'");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        if (args.options(3).get("headers") instanceof Map<?, ?> given) {
            given.forEach((name, value) -> {
                String header = String.valueOf(name);
                if (REFUSED.contains(header.toLowerCase(Locale.ROOT))) {
                    throw new RuleCallException(400, "HEADER_NOT_ALLOWED", "confluence.request may not set "
                            + header, header.equalsIgnoreCase(RunHeaders.ADMIN_KEY) ? "the admin key is attached "
                            + "by Warden, and only to runs of a rule that declares adminKey: { minutes: N }"
                            : "Warden sets credentials and transport headers itself");
                }
                headers.put(header, String.valueOf(value));
            });
        }
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
