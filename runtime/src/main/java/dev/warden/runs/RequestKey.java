package dev.warden.runs;

import java.time.Duration;

/**
 * The {@code Idempotency-Key} (or {@code X-Request-Id}) of a request that starts runs, within a scope such as
 * {@code hook:page-created}, so that the same key sent to two hooks means two requests.
 */
public record RequestKey(String scope, String key) {

    /** How long a key answers with its original runs. */
    public static final Duration WINDOW = Duration.ofHours(24);
    public static final int MAX_LENGTH = 255;
}
