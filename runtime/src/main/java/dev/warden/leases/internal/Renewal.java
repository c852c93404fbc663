package dev.warden.leases.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.warden.leases.KeyState;
import dev.warden.leases.Lease;

/**
 * Keeps the key on for this process's holders: renews it when it expires within the renew margin, or re-enables it
 * when it is not recorded ENABLED (a renewal that failed left ENABLING: it is retried every tick). A renewal that
 * is still failing when the key expires is audited as {@code key-lost} for each holder, whose run log gets a
 * warning. Called by the ticker on the key-call thread.
 */
public final class Renewal {

    private static final Logger LOG = LoggerFactory.getLogger(Renewal.class);

    private final LeaseSite site;
    private final Duration renewMargin;
    private final Holders holders;
    private final SiteKey key;
    private final LeaseAudit audit;
    private final Enabler enabler;
    private volatile boolean failing;

    public Renewal(LeaseSite site, Duration renewMargin, Holders holders, SiteKey key, LeaseAudit audit,
                   Enabler enabler) {
        this.site = site;
        this.renewMargin = renewMargin;
        this.holders = holders;
        this.key = key;
        this.audit = audit;
        this.enabler = enabler;
    }

    public void renewIfDue(SiteKey.Recorded row, Instant now) {
        if (holders.isEmpty() || row.revokedAll() || enabler.anyQueued()) {
            return;
        }
        Lease longest = holders.leases().stream().max(Comparator.comparing(Lease::holdUntil)).orElseThrow();
        boolean due = row.state() != KeyState.ENABLED || row.expiresAt() == null
                || (row.expiresAt().minus(renewMargin).isBefore(now)
                        && longest.holdUntil().isAfter(row.expiresAt()));
        if (!due) {
            return;
        }
        // Decided on a row read before the lock: the kill switch (or another instance) may have moved on since.
        boolean stillDue = site.locked(now, r -> {
            if (r.revokedAll() || r.state() == KeyState.DISABLING) {
                return false;
            }
            r.write(KeyState.ENABLING, r.expiresAt(), now);
            return true;
        });
        if (!stillDue) {
            return;
        }
        try {
            if (!key.enable(longest, "renew")) {
                key.disable("disable", "the kill switch was pulled while Confluence renewed the key");
            }
            failing = false;
        } catch (RuntimeException e) {
            LOG.warn("could not renew the admin key of {} (it expires {}): {}; retrying in a second", site.name(),
                    row.expiresAt(), e.getMessage());
            if (!failing) {
                failing = true;
                audit.lease("renew-failed", longest, row.expiresAt(), e.getMessage() + "; retrying every second");
            }
            if (row.expiresAt() == null || !now.isBefore(row.expiresAt())) {
                keyLost(row.expiresAt(), e);
            }
        }
    }

    private void keyLost(Instant expiredAt, RuntimeException e) {
        String warning = (expiredAt == null ? "the admin key was off" : "the admin key expired at " + expiredAt)
                + " while this run held it: Confluence did not renew it (" + e.getMessage()
                + "); requests that needed it may have answered 404";
        for (Lease lease : holders.leases()) {
            if (holders.lostKey(lease.runId(), warning)) {
                audit.lease("key-lost", lease, expiredAt, warning);
                LOG.error("run {} of {}: {}", lease.runId(), lease.ruleId(), warning);
            }
        }
    }
}
