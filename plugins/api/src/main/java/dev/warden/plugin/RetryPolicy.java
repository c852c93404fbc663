package dev.warden.plugin;

import java.time.Duration;

/** How often and how long to retry a failed call. Immutable. */
public interface RetryPolicy {

    /** Attempts in all, the first included. */
    int maxAttempts();

    /** The most time all attempts and waits together may take; no retry starts past it. */
    Duration maxTotal();

    /** The wait after failed attempt {@code attempt} (from 1): exponential with jitter, capped. */
    Duration backoff(int attempt);
}
