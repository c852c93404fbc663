package dev.warden.leases.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.warden.leases.KeyState;
import dev.warden.leases.LeaseStore;

/**
 * The kill switch ({@code revoked_all} in the key's row, shared by every process on the database): once pulled, no
 * request carries the admin-key header, leased runs are cancelled, the key is DELETEd and new leases are refused
 * until it is lifted. Thread-safe.
 */
public final class KillSwitch {

    /** What a run refused while the switch is on is told. */
    public static final String REVOKED = "the admin key is revoked for all rules (POST /api/v1/leases/revoke-all); "
            + "an admin must re-enable leases first (POST /api/v1/leases/restore)";
    private static final Logger LOG = LoggerFactory.getLogger(KillSwitch.class);
    /** How long the kill switch waits for Confluence to confirm the key off before it answers. */
    private static final Duration WAIT = Duration.ofSeconds(2);

    private final LeaseSite site;
    private final Holders holders;
    private final SiteKey key;
    private final LeaseAudit audit;
    private final Consumer<String> cancelRun;

    public KillSwitch(LeaseSite site, Holders holders, SiteKey key, LeaseAudit audit, Consumer<String> cancelRun) {
        this.site = site;
        this.holders = holders;
        this.key = key;
        this.audit = audit;
        this.cancelRun = cancelRun;
    }

    /**
     * Pulls the switch: empties the holders under their lock, cancels their runs, and DELETEs the key at once on its
     * own thread, beside any call Confluence is still holding (an enable that ends later finds the switch on and
     * disables the key again).
     *
     * @return whether Confluence confirmed the key off within a few seconds (else the DELETE failed or is still in
     *         flight, and is retried like any failed disable)
     */
    public boolean pull(String actor) {
        Instant now = site.now();
        List<String> cancelled = holders.underLock(() -> {
            site.locked(now, row -> {
                row.revokeAll(true, now);
                row.write(KeyState.DISABLING, row.expiresAt(), now);
                return null;
            });
            return holders.clear();
        });
        audit.key(now, "revoke-all", "by " + actor);
        cancelled.forEach(cancelRun);
        CompletableFuture<Boolean> off = CompletableFuture.supplyAsync(
                () -> key.disableIfStillDisabling("kill switch"), command -> Thread.ofVirtual()
                        .name("warden-kill-switch").start(command));
        try {
            return off.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Lifts the switch. */
    public void lift(String actor) {
        Instant now = site.now();
        site.locked(now, row -> {
            row.revokeAll(false, now);
            return null;
        });
        audit.key(now, "restore", "by " + actor);
    }

    public boolean pulled() {
        return site.locked(site.now(), LeaseStore.SiteRow::revokedAll);
    }

    /** Another Warden sharing the database pulled the switch: this process's holders lose the header too. */
    public void pulledElsewhere() {
        List<String> cancelled = holders.underLock(holders::clear);
        LOG.warn("the admin key of {} was revoked for all rules; cancelling {} leased run(s)", site.name(),
                cancelled.size());
        cancelled.forEach(cancelRun);
    }
}
