package dev.warden.config;

import java.time.Duration;

/**
 * How Warden and its plugins call other services (Confluence, Compliance, notification receivers).
 *
 * @param proxy {@code host:port} of an HTTP proxy, or null for direct connections
 * @param maxAttempts attempts per call, the first included
 * @param maxRetryTime the most time one call may spend on attempts and waits together
 */
public record OutboundConfig(Duration connectTimeout, Duration requestTimeout, String proxy, int maxAttempts,
                             Duration maxRetryTime) {
}
