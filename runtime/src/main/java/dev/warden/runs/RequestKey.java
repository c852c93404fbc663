package dev.warden.runs;

import java.time.Duration;

import dev.warden.Sha256;

/**
 * The {@code Idempotency-Key} (or {@code X-Request-Id}) of a request that starts runs, within a scope such as
 * {@code hook:page-created}, so that the same key sent to two hooks means two requests; with the fingerprint (a
 * SHA-256) of the request's input once {@link RunService} has it, so that the same key with another input is
 * refused instead of answered with runs of something else.
 */
public record RequestKey(String scope, String key, String fingerprint) {

    /** How long a key answers with its original runs. */
    public static final Duration WINDOW = Duration.ofHours(24);
    public static final int MAX_LENGTH = 255;

    public RequestKey(String scope, String key) {
        this(scope, key, null);
    }

    /** This key for a request with this input (its JSON text, or null). */
    RequestKey forInput(String inputJson) {
        return new RequestKey(scope, key, Sha256.hex(inputJson == null ? "null" : inputJson));
    }

    /** Scope and key, what makes two requests the same request. */
    String id() {
        return scope + '\n' + key;
    }
}
