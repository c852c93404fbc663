package dev.warden.config;

import java.time.Duration;

/**
 * How Warden and its plugins call other services (Confluence, Compliance, notification receivers).
 *
 * @param requestTimeout the most one attempt may take, from connecting to the last byte of the answer
 * @param proxy {@code host:port} of an HTTP proxy, or null for direct connections
 * @param maxAttempts attempts per call, the first included
 * @param maxRetryTime the most time one call may spend on attempts and waits together
 * @param maxResponseBytes the largest answer body read; a larger one fails the call
 */
public record OutboundConfig(Duration connectTimeout, Duration requestTimeout, String proxy, int maxAttempts,
                             Duration maxRetryTime, long maxResponseBytes) {

    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);
    public static final long DEFAULT_MAX_RESPONSE_BYTES = 16L * 1024 * 1024;
    static final long MAX_RESPONSE_LIMIT = 1024L * 1024 * 1024;
}
