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

    /** Below {@code engine.timeout}'s default, so one hanging call does not take a rule all its time. */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(20);
    public static final long DEFAULT_MAX_RESPONSE_BYTES = 16L * 1024 * 1024;
    static final long MAX_RESPONSE_LIMIT = 1024L * 1024 * 1024;

    /**
     * A warning when {@code requestTimeout} is not below a rule's default timeout, or null: one hanging call would
     * then take such a rule all its time (to the {@code RunDeadline} margin), leaving none to handle the failure.
     */
    public String warning(EngineConfig engine) {
        if (requestTimeout.compareTo(engine.defaultTimeout()) < 0) {
            return null;
        }
        return "outbound.requestTimeout (" + dev.warden.rules.Durations.format(requestTimeout) + ") is not below "
                + "engine.timeout (" + dev.warden.rules.Durations.format(engine.defaultTimeout()) + "): one call to a "
                + "receiver that hangs takes a rule with the default timeout all its time; lower "
                + "outbound.requestTimeout (WARDEN_OUTBOUND_REQUEST_TIMEOUT)";
    }
}
