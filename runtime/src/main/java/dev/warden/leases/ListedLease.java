package dev.warden.leases;

import java.time.Instant;

/**
 * One active lease as {@code GET /api/v1/leases} lists it: the {@link Lease} fields plus which Warden process holds
 * it and when that process last said it is alive. Immutable.
 */
public record ListedLease(String id, String site, String ruleId, String runId, String requestId, int minutes,
                          Instant acquiredAt, Instant holdUntil, String instanceId, Instant heartbeatAt) {

    static ListedLease of(LeaseStore.HeldLease held) {
        Lease lease = held.lease();
        return new ListedLease(lease.id(), lease.site(), lease.ruleId(), lease.runId(), lease.requestId(),
                lease.minutes(), lease.acquiredAt(), lease.holdUntil(), held.instanceId(), held.heartbeatAt());
    }
}
