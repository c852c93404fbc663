package dev.warden.simulator.internal.control;

import dev.warden.simulator.SimulatorClock;
import dev.warden.simulator.SimulatorOptions.RateLimit;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A fixed-window request limit on the simulator's clock. A request refused inside a window pushes the window's end
 * one second later, because Confluence makes early retries wait longer. Thread-safe.
 */
public final class RateLimiter {
    private static final Duration EARLY_RETRY_PENALTY = Duration.ofSeconds(1);

    private final SimulatorClock clock;
    private RateLimit limit;
    private Instant windowEnd;
    private int used;

    public RateLimiter(SimulatorClock clock) {
        this.clock = clock;
    }

    public synchronized void configure(RateLimit newLimit) {
        limit = newLimit;
        windowEnd = null;
        used = 0;
    }

    public synchronized Optional<RateLimit> limit() {
        return Optional.ofNullable(limit);
    }

    /** Counts one request and returns its verdict, or empty when no limit is configured. */
    public synchronized Optional<Verdict> admit() {
        if (limit == null) {
            return Optional.empty();
        }
        Instant now = clock.now();
        if (windowEnd == null || !now.isBefore(windowEnd)) {
            windowEnd = now.plus(limit.window());
            used = 0;
        }
        if (used < limit.requests()) {
            used++;
            return Optional.of(new Verdict(true, limit.requests(), limit.requests() - used, windowEnd, 0));
        }
        windowEnd = windowEnd.plus(EARLY_RETRY_PENALTY);
        long millis = Duration.between(now, windowEnd).toMillis();
        long retryAfter = Math.max(1, (millis + 999) / 1000);
        return Optional.of(new Verdict(false, limit.requests(), 0, windowEnd, retryAfter));
    }

    /** What the limiter decided for one request, with the values of the {@code X-RateLimit-*} headers. */
    public record Verdict(boolean allowed, int limit, int remaining, Instant reset, long retryAfterSeconds) {}
}
