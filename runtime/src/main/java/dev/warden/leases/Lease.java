package dev.warden.leases;

import java.time.Instant;

/**
 * One run's hold on the admin key. Immutable.
 *
 * @param holdUntil the latest instant this run may hold the key: start + declared minutes + the rule's timeout
 */
public record Lease(String id, String site, String ruleId, String runId, String requestId, int minutes,
                    Instant acquiredAt, Instant holdUntil) {
}
