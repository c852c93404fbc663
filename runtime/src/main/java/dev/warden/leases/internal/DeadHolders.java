package dev.warden.leases.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.warden.leases.KeyState;
import dev.warden.leases.LeaseStore;

/**
 * Releases the leases of holders that stopped heartbeating (their process died, under whatever instance id) once
 * their run's deadline plus a grace passed ({@code stale-release}), and disables the key when nobody else holds it.
 * Called by the ticker on the key-call thread.
 */
public final class DeadHolders {

    private static final Logger LOG = LoggerFactory.getLogger(DeadHolders.class);
    /** A holder silent this long (many heartbeats) is dead, once its run's deadline plus the grace passed too. */
    static final Duration STALE_AFTER = Duration.ofMinutes(3);
    static final Duration DEADLINE_GRACE = Duration.ofMinutes(1);

    private final LeaseSite site;
    private final SiteKey key;
    private final LeaseAudit audit;

    public DeadHolders(LeaseSite site, SiteKey key, LeaseAudit audit) {
        this.site = site;
        this.key = key;
        this.audit = audit;
    }

    public void release(Instant now) {
        record Dead(List<LeaseStore.HeldLease> leases, boolean disable) {
        }
        Dead dead = site.locked(now, row -> {
            List<LeaseStore.HeldLease> stale = row.releaseStale(site.instanceId(), now.minus(STALE_AFTER),
                    now.minus(DEADLINE_GRACE), now);
            boolean disable = !stale.isEmpty() && row.active().isEmpty() && row.state() != KeyState.DISABLED;
            if (disable) {
                row.write(KeyState.DISABLING, row.expiresAt(), now);
            }
            return new Dead(stale, disable);
        });
        for (LeaseStore.HeldLease held : dead.leases()) {
            String why = "holder " + held.instanceId() + " has not been heard of since " + held.heartbeatAt()
                    + " and its run's deadline " + held.lease().holdUntil() + " passed; released by "
                    + site.instanceId();
            LOG.warn("released the lease of run {} ({}): {}", held.lease().runId(), held.lease().ruleId(), why);
            audit.lease("stale-release", held.lease(), null, why);
        }
        if (dead.disable()) {
            key.disable("disable", "the last holder's process died");
        }
    }
}
