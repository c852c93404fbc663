package dev.warden.leases.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.warden.leases.KeyState;
import dev.warden.leases.Lease;
import dev.warden.leases.LeaseRefusedException;
import dev.warden.plugin.RuleCallException;
import dev.warden.rules.Durations;

/**
 * Enables the key for a run that cannot just join (the key is off, or ends before the run's need). The acquire
 * queues the enable on {@link KeyCalls} under the holders' lock, so the calls run in the order the decisions were
 * written; on the key-call thread the enable POSTs (or lets the run join a key enabled meanwhile), grants the lease
 * and completes the run's {@link PendingLease}. No thread waits for that: after the rule's timeout, or when the run
 * is cancelled, the run abandons the lease, and the call, when it ends, disables a key nobody holds. Thread-safe.
 */
public final class Enabler {

    private static final Logger LOG = LoggerFactory.getLogger(Enabler.class);
    /** Where a run's wait ends at its timeout: the audit and the release write to the store. */
    private static final Executor TIMERS = r -> Thread.ofVirtual().name("warden-lease-timeout").start(r);

    private final LeaseSite site;
    private final Holders holders;
    private final SiteKey key;
    private final LeaseAudit audit;
    private final KeyCalls calls;
    private final LateEnableWatch lateEnables;
    /** Enables queued for waiting runs: the ticker leaves renewing to them. */
    private final AtomicInteger queued = new AtomicInteger();

    public Enabler(LeaseSite site, Holders holders, SiteKey key, LeaseAudit audit, KeyCalls calls,
                   LateEnableWatch lateEnables) {
        this.site = site;
        this.holders = holders;
        this.key = key;
        this.audit = audit;
        this.calls = calls;
        this.lateEnables = lateEnables;
    }

    /**
     * Queues the enable for a lease just recorded with the key written {@code ENABLING}. Call under the holders' lock.
     * Nothing waits for it: the lease's {@link PendingLease#result() result} completes when the call ends, or when
     * the run stops waiting ({@link #limit}, {@link #abandon}).
     *
     * @param was the key's state before that decision
     * @param needed the key must last at least until then
     */
    public PendingLease queue(Lease lease, KeyState was, Instant needed) {
        PendingLease pending = new PendingLease(lease, was, needed);
        queued.incrementAndGet();
        calls.queue(() -> {
            Lease granted = null;
            RuntimeException failure = null;
            try {
                granted = enableFor(pending);
            } catch (RuntimeException e) {
                failure = e;
            } finally {
                queued.decrementAndGet();
            }
            settle(pending, granted, failure);
        });
        return pending;
    }

    /** Whether an enable for a waiting run is queued or running (it covers the holders' renewal too). */
    public boolean anyQueued() {
        return queued.get() > 0;
    }

    /**
     * Gives the run at most {@code timeout} (its rule's) for the key: then, unless the call granted the lease or ended
     * first, the run stops waiting and releases its lease; the key keeps the state written before the call
     * ({@code ENABLING}) and the call, when it ends, disables a key nobody holds. The result then fails with
     * {@code ENABLE_TIMEOUT}.
     */
    public void limit(PendingLease pending, Duration timeout) {
        CompletableFuture.delayedExecutor(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS, TIMERS)
                .execute(() -> {
                    if (!pending.result.isDone()) {
                        timedOut(pending, timeout);
                    }
                });
    }

    /**
     * The run stops waiting (it was cancelled, or Warden is stopping): it releases its lease, audited as
     * {@code release}, and its result is cancelled; the call, when it ends, disables a key nobody holds.
     *
     * @return false when the call granted the lease first (the run holds it and must release it) or had ended
     */
    public boolean abandon(PendingLease pending, String why) {
        KeyState state = stopWaiting(pending);
        if (state == null) {
            return false;
        }
        audit.lease("release", pending.lease, null, why + "; the key is recorded " + state + " and is disabled when "
                + "the call to Confluence ends unless another run holds it");
        pending.result.cancel(false);
        return true;
    }

    private void timedOut(PendingLease pending, Duration timeout) {
        KeyState state = stopWaiting(pending);
        if (state == null) {
            return;
        }
        Lease lease = pending.lease;
        String waited = Durations.format(timeout);
        audit.lease("enable-timeout", lease, null, "Confluence had not answered the enable within the rule's "
                + "timeout of " + waited + "; the key is recorded " + state + " and is disabled when the call "
                + "ends unless another run holds it");
        pending.result.completeExceptionally(audit.refusal("ENABLE_TIMEOUT", "Confluence did not answer the request "
                + "to enable the admin key within the rule's timeout of " + waited + "; the key stays recorded " + state
                + " and Warden disables it once Confluence answers: check Confluence (`warden doctor`) or raise the "
                + "rule's timeout", lease.ruleId(), lease.runId(), lease.requestId()));
    }

    /**
     * Marks the lease abandoned, unless the call granted it or ended first, and releases it in the store.
     *
     * @return the key's recorded state then, or null when the run did not stop waiting
     */
    private KeyState stopWaiting(PendingLease pending) {
        boolean stopped = holders.underLock(() -> {
            if (pending.granted || pending.ended || pending.abandoned) {
                return false;
            }
            pending.abandoned = true;
            return true;
        });
        if (!stopped) {
            return null;
        }
        Lease lease = pending.lease;
        Instant now = site.now();
        return site.locked(now, row -> {
            row.release(lease.id(), now);
            return row.state();
        });
    }

    /**
     * On the key-call thread, once the call ended: completes the run's result, unless the run stopped waiting (it
     * completed the result itself then).
     */
    private void settle(PendingLease pending, Lease granted, RuntimeException failure) {
        boolean waits = holders.underLock(() -> {
            pending.ended = true;
            return !pending.abandoned;
        });
        if (granted != null) {
            pending.result.complete(granted);
        } else if (waits && failure != null) {
            pending.result.completeExceptionally(failure);
        } else if (waits) {
            Lease lease = pending.lease;
            pending.result.completeExceptionally(audit.refusal("REVOKED", KillSwitch.REVOKED, lease.ruleId(),
                    lease.runId(), lease.requestId()));
        }
    }

    /** On the key-call thread: enables the key for a waiting run (or lets it join a key enabled meanwhile). */
    private Lease enableFor(PendingLease pending) {
        Lease lease = pending.lease;
        SiteKey.Recorded row = key.recorded();
        boolean covered = row.state() == KeyState.ENABLED && row.expiresAt() != null
                && !row.expiresAt().isBefore(pending.needed);
        if (pending.abandoned || row.revokedAll()) {
            dropAndDisable(lease, pending.abandoned ? "the run that asked for the key stopped waiting"
                    : "the kill switch is on");
            return null;
        }
        if (covered) {
            if (!grant(pending)) {
                dropAndDisable(lease, "the kill switch was pulled or the run stopped waiting");
                return null;
            }
            audit.lease("join", lease, row.expiresAt(), null);
            return lease;
        }
        KeyState was = row.state() == KeyState.ENABLING ? pending.was : row.state();
        boolean on;
        try {
            on = key.enable(lease, was == KeyState.ENABLED ? "renew" : "enable");
        } catch (RuntimeException e) {
            throw enableFailed(lease, was, e);
        }
        if (!on || !grant(pending)) {
            dropAndDisable(lease, pending.abandoned ? "the run that asked for the key stopped waiting for Confluence"
                    : "the kill switch was pulled while Confluence enabled the key");
            return null;
        }
        return lease;
    }

    /** Registers a waiting run as a holder, unless it stopped waiting or the kill switch was pulled meanwhile. */
    private boolean grant(PendingLease pending) {
        return holders.underLock(() -> {
            if (pending.abandoned || key.recorded().revokedAll()) {
                return false;
            }
            holders.add(pending.lease);
            pending.granted = true;
            return true;
        });
    }

    /** Releases a lease that was never granted and disables the key when nobody holds it or the switch is on. */
    private void dropAndDisable(Lease lease, String why) {
        Instant now = site.now();
        boolean disable = site.locked(now, row -> {
            row.release(lease.id(), now);
            if ((row.active().isEmpty() || row.revokedAll()) && row.state() != KeyState.DISABLED) {
                row.write(KeyState.DISABLING, row.expiresAt(), now);
                return true;
            }
            return false;
        });
        if (disable) {
            key.disable("disable", why);
        }
    }

    /**
     * Fails an acquire whose enable failed. A definite refusal (Confluence answered 4xx) left the key as it was; any
     * other failure (no answer in time, a broken connection, a 5xx) may have reached Confluence and turned the key
     * on, so with no other holder the key is treated as possibly on: disabled now (retried by the ticker) and watched
     * for a while ({@link LateEnableWatch}), since a request Confluence had not answered may still be carried out
     * after the DELETE.
     */
    private LeaseRefusedException enableFailed(Lease lease, KeyState was, RuntimeException e) {
        boolean unknown = outcomeUnknown(e);
        Instant now = site.now();
        boolean mustDisable = site.locked(now, row -> {
            row.release(lease.id(), now);
            if (!row.active().isEmpty() && !row.revokedAll()) {
                row.write(was, row.expiresAt(), now);
                return false;
            }
            if (!unknown && was == KeyState.DISABLED) {
                row.write(KeyState.DISABLED, null, now);
                return false;
            }
            row.write(KeyState.DISABLING, row.expiresAt(), now);
            return true;
        });
        String detail = e.getMessage();
        if (unknown) {
            lateEnables.watch();
            audit.lease("enable-unknown", lease, null, "the enable may have reached Confluence (" + detail + "); "
                    + (mustDisable ? "disabling the key" : "another run holds the key"));
            LOG.warn("the admin key of {} may be on: Confluence did not answer the enable for run {} ({}); {}",
                    site.name(), lease.runId(), detail, mustDisable ? "disabling it" : "another run holds it");
        }
        if (mustDisable) {
            key.disable("disable", unknown ? "after an enable Confluence did not answer" : "after a refused renewal");
        }
        String message = e instanceof GuardedProvider.PluginFailure
                ? detail + "; the key may have been turned on, so Warden disabled it again: check the admin-key "
                        + "plugin (`warden plugins`)"
                : unknown
                ? "Confluence did not answer the request to enable the admin key in time (" + detail + "); the key "
                        + "may have been turned on, so Warden disabled it again"
                : "Confluence refused to enable the admin key: " + detail;
        return audit.refusal("ENABLE_FAILED", message, lease.ruleId(), lease.runId(), lease.requestId());
    }

    /** Whether a failed admin-key call may still have been carried out by Confluence. */
    private static boolean outcomeUnknown(RuntimeException e) {
        if (e instanceof RuleCallException call) {
            if ("NO_SITE".equals(call.code()) || "INVALID_DURATION".equals(call.code())) {
                return false;
            }
            return call.status() == 0 || call.status() >= 500;
        }
        return true;
    }
}
