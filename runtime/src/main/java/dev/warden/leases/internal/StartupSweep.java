package dev.warden.leases.internal;

import java.time.Instant;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.warden.leases.KeyState;
import dev.warden.leases.Lease;
import dev.warden.plugin.AdminKeyStatus;

/**
 * Start-up: releases the leases this instance id held when its process stopped ({@code sweep-release}), then
 * disables a key Warden left on when nobody else holds it ({@code sweep}), and also one recorded off that Confluence
 * says is on or cannot say is off. A failure to ask does not stop the start. Runs on the key-call thread.
 */
public final class StartupSweep {

    private static final Logger LOG = LoggerFactory.getLogger(StartupSweep.class);

    private final LeaseSite site;
    private final SiteKey key;
    private final LeaseAudit audit;

    public StartupSweep(LeaseSite site, SiteKey key, LeaseAudit audit) {
        this.site = site;
        this.key = key;
        this.audit = audit;
    }

    public void sweep() {
        Instant now = site.now();
        record Found(List<Lease> orphans, KeyState state, boolean othersHold) {
        }
        Found found = site.locked(now, row -> {
            List<Lease> orphans = row.releaseInstance(site.instanceId(), now);
            boolean othersHold = !row.active().isEmpty();
            KeyState left = row.state();
            if (!othersHold && left != KeyState.DISABLED) {
                row.write(KeyState.DISABLING, row.expiresAt(), now);
            }
            return new Found(orphans, left, othersHold);
        });
        found.orphans().forEach(l -> audit.lease("sweep-release", l, null, "the process holding it stopped"));
        if (found.othersHold()) {
            return;
        }
        if (found.state() == KeyState.DISABLED) {
            disableUnrecorded();
            return;
        }
        // The answer only feeds the log: a Confluence that cannot answer it must not stop Warden from starting.
        String said;
        try {
            AdminKeyStatus status = site.provider().status();
            said = status.active() ? "active until " + status.expiresAt() : "inactive";
        } catch (RuntimeException e) {
            said = "unknown: the status check failed (" + e.getMessage() + ")";
            LOG.warn("start-up: could not ask Confluence for the admin key's status of {}: {}", site.name(),
                    e.getMessage());
        }
        LOG.warn("start-up: the admin key of {} was left {} by a previous run of Warden (Confluence says {}); "
                + "disabling it", site.name(), found.state(), said);
        key.disable("sweep", "left " + found.state() + " by a stopped process; Confluence said " + said);
    }

    /**
     * The store says no key is on and no run holds one; Confluence is asked anyway, since a process killed right after
     * enabling can have lost its latest commits (a power cut loses H2's last second; a kill -9 lost some before
     * {@code H2CrashRecovery}), and a key on that no run holds is disabled. When Confluence cannot say (the status
     * check fails), the key is disabled all the same: a DELETE of a key that is off changes nothing, while a key left
     * on would stay on with no holder until its expiry. A DELETE that fails leaves the key recorded DISABLING, which
     * the ticker retries.
     */
    private void disableUnrecorded() {
        AdminKeyStatus status;
        try {
            status = site.provider().status();
        } catch (RuntimeException e) {
            LOG.warn("start-up: could not ask Confluence whether the admin key of {} is on ({}); disabling it in case a "
                    + "stopped process's latest record was lost", site.name(), e.getMessage());
            recordDisabling(null);
            key.disable("sweep", "recorded off, but Confluence could not say whether it is on (" + e.getMessage()
                    + "); disabled in case a stopped process's latest record was lost");
            return;
        }
        if (!status.active()) {
            return;
        }
        LOG.warn("start-up: the admin key of {} is on (until {}) though no run holds it and the database recorded it "
                + "off (a stopped process's latest record lost, or enabled outside Warden); disabling it", site.name(),
                status.expiresAt());
        recordDisabling(status.expiresAt());
        key.disable("sweep", "on though recorded off; Confluence said active until " + status.expiresAt());
    }

    /** Written before the DELETE, as every key change is: a failed DELETE is then retried by the ticker. */
    private void recordDisabling(Instant expiresAt) {
        site.locked(site.now(), row -> {
            row.write(KeyState.DISABLING, expiresAt, site.now());
            return null;
        });
    }
}
