package dev.warden.http;

import java.util.List;

import io.javalin.http.Context;

import dev.warden.runs.RequestKey;

/** A request's idempotency key: {@code Idempotency-Key}, else {@code X-Request-Id}, else none. */
final class IdempotencyKeys {

    private IdempotencyKeys() {
    }

    /**
     * @throws ApiException 400 when it is too long or not printable ASCII, or sent twice with two values
     */
    static String of(Context ctx) {
        String key = single(ctx, "Idempotency-Key");
        if (key == null) {
            key = single(ctx, "X-Request-Id");
        }
        if (key == null) {
            return null;
        }
        if (key.length() > RequestKey.MAX_LENGTH || !key.chars().allMatch(c -> c >= 0x21 && c <= 0x7e)) {
            throw ApiException.badRequest("Idempotency-Key must be 1-" + RequestKey.MAX_LENGTH
                    + " printable ASCII characters without spaces");
        }
        return key;
    }

    /** The header's value, or null; sent twice with two values, it names no one request, so it is a 400. */
    private static String single(Context ctx, String name) {
        List<String> values = AuthFilter.headers(ctx, name).stream().filter(v -> !v.isBlank()).map(String::trim)
                .distinct().toList();
        if (values.size() > 1) {
            throw ApiException.badRequest("the request sends " + values.size() + " different " + name
                    + " headers; send one, the same on every retry of the request");
        }
        return values.isEmpty() ? null : values.getFirst();
    }
}
