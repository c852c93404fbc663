package dev.warden.http;

import io.javalin.http.Context;

import dev.warden.runs.RequestKey;

/** A request's idempotency key: {@code Idempotency-Key}, else {@code X-Request-Id}, else none. */
final class IdempotencyKeys {

    private IdempotencyKeys() {
    }

    /**
     * @throws ApiException 400 when it is too long or not printable ASCII
     */
    static String of(Context ctx) {
        String key = ctx.header("Idempotency-Key");
        if (key == null || key.isBlank()) {
            key = ctx.header("X-Request-Id");
        }
        if (key == null || key.isBlank()) {
            return null;
        }
        key = key.trim();
        if (key.length() > RequestKey.MAX_LENGTH || !key.chars().allMatch(c -> c >= 0x21 && c <= 0x7e)) {
            throw ApiException.badRequest("Idempotency-Key must be 1-" + RequestKey.MAX_LENGTH
                    + " printable ASCII characters without spaces");
        }
        return key;
    }
}
