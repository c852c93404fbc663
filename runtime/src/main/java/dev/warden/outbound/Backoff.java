package dev.warden.outbound;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

import dev.warden.plugin.RetryPolicy;

/**
 * Exponential backoff with full jitter: attempt n waits a random time up to {@code base * 2^(n-1)}, at least a
 * tenth of it, capped at {@link #CAP}. Immutable.
 */
public record Backoff(int maxAttempts, Duration maxTotal, Duration base) implements RetryPolicy {

    static final Duration CAP = Duration.ofSeconds(10);

    public Backoff(int maxAttempts, Duration maxTotal) {
        this(maxAttempts, maxTotal, Duration.ofMillis(500));
    }

    @Override
    public Duration backoff(int attempt) {
        long ceiling = Math.min(CAP.toMillis(), base.toMillis() << Math.min(attempt - 1, 20));
        long floor = ceiling / 10;
        return Duration.ofMillis(floor + ThreadLocalRandom.current().nextLong(ceiling - floor + 1));
    }
}
