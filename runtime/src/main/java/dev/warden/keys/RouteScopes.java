package dev.warden.keys;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The scope each API route needs, by method and path pattern, first match wins. Covers routes added later by
 * path: anything under {@code /api/v1} not listed needs {@code admin}. {@code *} matches one path segment,
 * {@code **} at the end any number (zero included).
 */
public final class RouteScopes {

    /** One line of the table. */
    public record Entry(String method, String pattern, Scope scope) {

        private boolean matches(String requestMethod, String[] segments) {
            return (method.equals("*") || method.equalsIgnoreCase(requestMethod))
                    && segmentsMatch(SEGMENTS.get(pattern), segments);
        }
    }

    public static final List<Entry> TABLE = List.of(
            new Entry("GET", "/metrics", Scope.RUNS_READ),
            new Entry("POST", "/api/v1/rules/*/runs", Scope.RULES_RUN),
            // Enabling or disabling a rule changes what runs: admin until a narrower scope exists.
            new Entry("POST", "/api/v1/rules/*/enable", Scope.ADMIN),
            new Entry("POST", "/api/v1/rules/*/disable", Scope.ADMIN),
            new Entry("GET", "/api/v1/rules/**", Scope.RULES_READ),
            new Entry("POST", "/api/v1/runs/*/cancel", Scope.RULES_RUN),
            new Entry("GET", "/api/v1/runs/**", Scope.RUNS_READ),
            new Entry("*", "/api/v1/keys/**", Scope.KEYS_MANAGE),
            new Entry("*", "/api/v1/leases/**", Scope.LEASES_MANAGE),
            new Entry("*", "/api/v1/**", Scope.ADMIN));

    /** Each pattern split once: every request is checked against the table, webhooks included. */
    private static final Map<String, String[]> SEGMENTS = TABLE.stream().map(Entry::pattern).distinct()
            .collect(Collectors.toUnmodifiableMap(pattern -> pattern, pattern -> pattern.split("/")));

    private RouteScopes() {
    }

    /** The scope the request needs, or empty for a public route (/health, /api/openapi.json, /hooks/*). */
    public static Optional<Scope> required(String method, String path) {
        // HEAD is a GET without the body: it needs what the GET needs.
        String asked = method.equalsIgnoreCase("HEAD") ? "GET" : method;
        String[] segments = path.split("/");
        for (Entry entry : TABLE) {
            if (entry.matches(asked, segments)) {
                return Optional.of(entry.scope());
            }
        }
        return Optional.empty();
    }

    /** The rule id a path names ({@code /api/v1/rules/{id}/...}), or null; keys limited to rules are held to it. */
    public static String ruleOf(String path) {
        String[] parts = path.split("/");
        return parts.length >= 5 && parts[1].equals("api") && parts[2].equals("v1") && parts[3].equals("rules")
                ? parts[4] : null;
    }

    static boolean pathMatches(String pattern, String path) {
        return segmentsMatch(pattern.split("/"), path.split("/"));
    }

    private static boolean segmentsMatch(String[] want, String[] have) {
        for (int i = 0; i < want.length; i++) {
            if (want[i].equals("**")) {
                return true;
            }
            if (i >= have.length || !(want[i].equals("*") || want[i].equals(have[i]))) {
                return false;
            }
        }
        return want.length == have.length;
    }
}
