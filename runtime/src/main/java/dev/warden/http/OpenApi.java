package dev.warden.http;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.warden.keys.RouteScopes;
import dev.warden.keys.Scope;

/**
 * Builds the OpenAPI 3.1 document from the routes the server actually registered, the scopes in
 * {@link RouteScopes}, the descriptions in {@link ApiDocs} and the answers' schemas in {@link ApiSchemas}. An
 * undocumented route still appears, marked so.
 */
final class OpenApi {

    private static final Pattern PARAM = Pattern.compile("\\{([^}/]+)}");
    private static final String UNAUTHENTICATED = "Missing, invalid, expired or revoked key (KEY_MISSING, "
            + "KEY_INVALID, KEY_EXPIRED, KEY_REVOKED), or two different keys sent (KEY_AMBIGUOUS)";

    private OpenApi() {
    }

    static Map<String, Object> document(List<RouteInfo> routes, String version) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("openapi", "3.1.0");
        doc.put("info", Map.of("title", "Warden", "version", version, "description", "Automation runtime for "
                + "Confluence Cloud. Every /api/v1 route needs an API key (x-api-key or Authorization: Bearer) with "
                + "the scope in x-warden-scope. Every error is {\"error\": {\"code\", \"message\"}} "
                + "(components/schemas/Error); each response names the schema of its answer. On any route, headers "
                + "that take longer than http.headerTimeout (10 s) from their first byte are answered 408 "
                + "HEADERS_TIMEOUT and the connection is closed."));
        Map<String, Object> paths = new TreeMap<>();
        for (RouteInfo route : routes) {
            @SuppressWarnings("unchecked")
            Map<String, Object> item = (Map<String, Object>) paths.computeIfAbsent(route.path(),
                    p -> new LinkedHashMap<String, Object>());
            item.put(route.method().toLowerCase(Locale.ROOT), operation(route));
        }
        doc.put("paths", paths);
        doc.put("components", components());
        return doc;
    }

    private static Map<String, Object> operation(RouteInfo route) {
        ApiDocs.Doc d = ApiDocs.DOCS.get(route.key());
        Map<String, Object> op = new LinkedHashMap<>();
        op.put("operationId", route.method().toLowerCase(Locale.ROOT) + route.path().replaceAll("[^A-Za-z0-9]+", "_"));
        op.put("summary", d == null ? "(undocumented: add it to ApiDocs)" : d.summary());
        if (d != null) {
            op.put("tags", List.of(d.tag()));
        }
        List<Object> parameters = new ArrayList<>();
        Matcher m = PARAM.matcher(route.path());
        while (m.find()) {
            parameters.add(Map.of("name", m.group(1), "in", "path", "required", true, "schema",
                    Map.of("type", "string")));
        }
        if (d != null) {
            new TreeMap<>(d.query()).forEach((name, text) -> parameters.add(Map.of("name", name, "in", "query",
                    "required", false, "description", text, "schema", Map.of("type", "string"))));
        }
        new TreeMap<>(ApiDocs.HEADERS.getOrDefault(route.key(), Map.of())).forEach((name, text) -> parameters.add(
                Map.of("name", name, "in", "header", "required", false, "description", text, "schema",
                        Map.of("type", "string"))));
        if (!parameters.isEmpty()) {
            op.put("parameters", parameters);
        }
        if (d != null && d.body() != null) {
            op.put("requestBody", Map.of("description", d.body(), "content", Map.of("application/json",
                    Map.of("schema", ApiSchemas.request(route.key())))));
        }
        Optional<Scope> scope = RouteScopes.required(route.method(), route.path());
        Map<String, Object> responses = new TreeMap<>();
        if (d != null) {
            d.responses().forEach((status, text) -> responses.put(status.toString(),
                    response(route.key(), status, text)));
        }
        if (route.path().startsWith("/hooks/")) {
            op.put("security", List.of(Map.of("apiKey", List.of("webhooks:trigger")),
                    Map.of("bearer", List.of("webhooks:trigger")), Map.of("signature", List.of())));
            responses.putIfAbsent("401", response(route.key(), 401, UNAUTHENTICATED + ", or a missing, malformed, "
                    + "stale, wrong or replayed signature (SIGNATURE_MISSING, SIGNATURE_INVALID, SIGNATURE_STALE, "
                    + "SIGNATURE_REPLAYED)"));
            responses.putIfAbsent("403", response(route.key(), 403, "The key lacks webhooks:trigger (SCOPE_MISSING) "
                    + "or is limited to other hooks (HOOK_NOT_ALLOWED)"));
            responses.put("default", Map.of("description", "Wait mode: a status the rule chose with "
                    + "respond(status, body), 200-599 (a status listed here too), with the rule's body: any JSON, "
                    + "not the error shape",
                    "content", Map.of("application/json", Map.of("schema", Map.of()))));
        } else if (scope.isPresent()) {
            op.put("x-warden-scope", scope.get().id());
            op.put("security", List.of(Map.of("apiKey", List.of(scope.get().id())),
                    Map.of("bearer", List.of(scope.get().id()))));
            responses.putIfAbsent("401", response(route.key(), 401, UNAUTHENTICATED));
            responses.putIfAbsent("403", response(route.key(), 403, "The key lacks " + scope.get().id()
                    + " (SCOPE_MISSING)" + (RouteScopes.ruleOf(route.path()) == null ? ""
                    : " or is limited to other rules (RULE_NOT_ALLOWED)")));
            responses.putIfAbsent("429", response(route.key(), 429, "Too many failed authentications from this "
                    + "address (THROTTLED)"));
        } else {
            op.put("security", List.of());
        }
        if (route.path().contains("{")) {
            responses.putIfAbsent("404", response(route.key(), 404, "Not found (NOT_FOUND)"));
        }
        // What every route answers before its own code runs (WardenServer, Queries).
        responses.putIfAbsent("400", response(route.key(), 400, route.path().startsWith("/api/v1/")
                ? "A query parameter the route does not take, or one with a bad percent-escape (BAD_REQUEST)"
                : "A query parameter with a bad percent-escape (BAD_REQUEST)"));
        if (d != null && d.body() != null) {
            responses.putIfAbsent("413", response(route.key(), 413, "Body larger than the server takes (TOO_LARGE)"));
            responses.putIfAbsent("415", response(route.key(), 415, "Compressed body (Content-Encoding) or a charset "
                    + "Warden does not know (UNSUPPORTED_MEDIA_TYPE)"));
        }
        op.put("responses", responses);
        return op;
    }

    /**
     * One response: its description, and the schema of its JSON answer from {@link ApiSchemas} (every 4xx and 5xx
     * has the error shape); a 429 or 503 says how long to wait in Retry-After.
     */
    private static Map<String, Object> response(String routeKey, int status, String text) {
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("description", text);
        if (status == 429 || status == 503) {
            response.put("headers", Map.of("Retry-After", Map.of("description", "Seconds to wait before retrying",
                    "schema", Map.of("type", "integer"))));
        }
        Map<String, Object> schema = ApiSchemas.of(routeKey, status);
        if (schema != null) {
            String media = status < 400 ? ApiSchemas.MEDIA_TYPES.getOrDefault(routeKey, "application/json")
                    : "application/json";
            response.put("content", Map.of(media, Map.of("schema", schema)));
        }
        return response;
    }

    private static Map<String, Object> components() {
        Map<String, Object> schemes = new LinkedHashMap<>();
        schemes.put("apiKey", Map.of("type", "apiKey", "in", "header", "name", "x-api-key"));
        schemes.put("bearer", Map.of("type", "http", "scheme", "bearer"));
        schemes.put("signature", Map.of("type", "apiKey", "in", "header", "name", "X-Warden-Signature",
                "description", "sha256=<hex HMAC-SHA256 of '<X-Warden-Timestamp>.<body>' with the hook's secret>"));
        return Map.of("securitySchemes", schemes, "schemas", ApiSchemas.components());
    }
}
