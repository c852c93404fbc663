package dev.warden.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.regex.Pattern;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.router.Endpoint;

import dev.warden.Echo;

/**
 * Query parameters read the same way everywhere: blank is absent, bad numbers are a 400 naming the parameter, and so
 * is a bad percent-escape (which the server would otherwise drop or pass on altered, so a filter went unapplied).
 */
final class Queries {

    /** A ULID in Crockford's base 32, either case: what run and audit ids are. */
    private static final Pattern ULID = Pattern.compile("[0-9A-HJKMNP-TV-Za-hjkmnp-tv-z]{26}");

    private Queries() {
    }

    /** Before every route: a 400 naming the first parameter whose name or value has a bad percent-escape. */
    static void requireWellEncoded(Context ctx) {
        String query = ctx.queryString();
        int bad = query == null ? -1 : PercentEscapes.firstBad(query, 0, query.length());
        if (bad < 0) {
            return;
        }
        int start = query.lastIndexOf('&', bad) + 1;
        int end = query.indexOf('&', bad);
        end = end < 0 ? query.length() : end;
        int eq = query.indexOf('=', start);
        String name = query.substring(start, eq < 0 || eq > end ? end : eq);
        throw ApiException.badRequest("query parameter '" + name + "' has a bad percent-escape '"
                + PercentEscapes.shown(query, bad, end) + "': '%' must be followed by two hex digits (a literal '%' "
                + "is sent as %25)");
    }

    /**
     * After authentication, on every {@code /api/v1} route: a 400 naming a query parameter the route does not take
     * (as {@link ApiDocs} lists them), so that a misspelt filter or cursor ({@code ?cursor=} for {@code ?before=})
     * is not silently ignored and answered with the wrong page; and one given twice with two values
     * ({@code ?status=FAILED&status=SUCCEEDED}), since every parameter takes one and the first alone would be
     * applied. Webhooks pass their query on to rules: not checked, except their own {@code ?wait=} ({@link
     * WaitPreference}).
     */
    static void requireKnown(Context ctx) {
        Endpoint matched = ctx.endpoints().matchedHttpEndpoint();
        if (matched == null || !matched.path.startsWith("/api/v1/") || ctx.queryString() == null) {
            return;
        }
        String route = (ctx.method() == HandlerType.HEAD ? "GET" : ctx.method().name()) + " " + matched.path;
        ApiDocs.Doc doc = ApiDocs.DOCS.get(route);
        if (doc == null) {
            return;
        }
        for (String name : ctx.queryParamMap().keySet()) {
            if (!doc.query().containsKey(name)) {
                List<String> known = new ArrayList<>(new TreeSet<>(doc.query().keySet()));
                throw ApiException.badRequest("unknown query parameter '" + Echo.of(name) + "'; " + route
                        + " takes " + (known.isEmpty() ? "none" : String.join(", ", known)) + (known.contains("before")
                        ? " (the next page: ?before= with the previous page's 'next')" : ""));
            }
            requireOneValue(ctx, name, route + " takes one");
        }
    }

    /**
     * A 400 when {@code name} is given twice with two values ({@code ?status=FAILED&status=SUCCEEDED}): which one the
     * caller meant is unknown, and applying the first alone would answer something else than was asked.
     *
     * @param advice the end of the message, such as "GET /api/v1/runs takes one"
     */
    static void requireOneValue(Context ctx, String name, String advice) {
        List<String> values = ctx.queryParams(name).stream().map(String::trim).distinct().toList();
        if (values.size() > 1) {
            throw ApiException.badRequest("query parameter '" + name + "' is given " + values.size()
                    + " different values (" + values.stream().limit(3).map(v -> "'" + Echo.of(v) + "'")
                    .collect(java.util.stream.Collectors.joining(", ")) + (values.size() > 3 ? ", ..." : "")
                    + "); " + advice);
        }
    }

    static String text(Context ctx, String name) {
        String value = ctx.queryParam(name);
        return value == null || value.isBlank() ? null : value.trim();
    }

    /**
     * A paging cursor ({@code ?before=}): the id of the last entry of the previous page, a ULID. Anything else is a
     * 400 rather than a page that quietly starts somewhere.
     */
    static String cursor(Context ctx) {
        String before = text(ctx, "before");
        if (before != null && !ULID.matcher(before).matches()) {
            throw ApiException.badRequest("before must be the 'next' of a previous page (a 26-character id), got '"
                    + Echo.of(before) + "'");
        }
        return before == null ? null : before.toUpperCase(Locale.ROOT);
    }

    /**
     * A run id as sent, in capitals when it is a ULID (either case names the same run, as in {@code ?before=}), so
     * that an id copied in lower case is not a 404.
     */
    static String runId(String id) {
        return ULID.matcher(id).matches() ? id.toUpperCase(Locale.ROOT) : id;
    }

    static int intParam(Context ctx, String name, int fallback, int min, int max) {
        String raw = text(ctx, name);
        if (raw == null) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(raw);
            if (value < min || value > max) {
                throw ApiException.badRequest(name + " must be between " + min + " and " + max);
            }
            return value;
        } catch (NumberFormatException e) {
            // A whole number too large for an int is out of range, not "not a whole number".
            throw ApiException.badRequest(raw.matches("[+-]?\\d+") ? name + " must be between " + min + " and "
                    + max : name + " must be a whole number, got '" + Echo.of(raw) + "'");
        }
    }
}
