package dev.warden.leases;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.github.f4b6a3.ulid.UlidCreator;

import dev.warden.plugin.AdminKeyProvider;
import dev.warden.plugin.AdminKeyStatus;

/**
 * Leases one site's admin key around exactly the runs that declared they need it.
 *
 * <p>The first holder enables the key (one POST covering the longest current need, at most 60 minutes), later
 * holders join, the last one out disables it (one DELETE). While holders run, a ticker renews the key before it
 * expires and stops runs that outlive their declared minutes plus timeout. Every state change is written to the
 * store before the call to Confluence, so {@link #sweep()} at start-up can disable a key a crashed process left on.
 *
 * <p>Lifecycle: construct, {@link #sweep()}, {@link #start()}, acquire/release per run, {@link #close()}.
 * Thread-safe: one lock per manager orders key changes in this process; the store's row lock orders them across
 * processes sharing a database.
 */
public final class LeaseManager implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LeaseManager.class);
    private static final int MAX_MINUTES = 60;
    private static final List<Duration> DISABLE_BACKOFF = List.of(Duration.ofMillis(100), Duration.ofMillis(300),
            Duration.ofMillis(900));

    private final LeaseStore store;
    private final AdminKeyProvider provider;
    private final LeasePolicy policy;
    private final Clock clock;
    private final String site;
    private final String instanceId;
    private final Consumer<String> cancelRun;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, Lease> byRun = new ConcurrentHashMap<>();
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r ->
            Thread.ofPlatform().daemon().name("warden-leases").unstarted(r));
    private volatile Instant lingerUntil;
    private volatile String account;
    private volatile Instant nextDisableAttempt = Instant.MIN;

    /**
     * @param site the site and account this manager owns the key of (e.g. the site URL plus the admin's email)
     * @param instanceId this process, unique among processes sharing the database
     * @param cancelRun stops a run by id (used when a run outlives its lease or on revoke-all)
     */
    public LeaseManager(LeaseStore store, AdminKeyProvider provider, LeasePolicy policy, Clock clock, String site,
                        String instanceId, Consumer<String> cancelRun) {
        this.store = store;
        this.provider = provider;
        this.policy = policy;
        this.clock = clock;
        this.site = site;
        this.instanceId = instanceId;
        this.cancelRun = cancelRun;
    }

    public void start() {
        ticker.scheduleWithFixedDelay(this::tick, 1, 1, TimeUnit.SECONDS);
    }

    /**
     * Makes sure the key is enabled for at least {@code minutes} from now and registers the run as a holder.
     *
     * @throws LeaseRefusedException before any call to Confluence when policy forbids it, or when enabling fails
     */
    public Lease acquire(String ruleId, String runId, int minutes, Duration timeout, String requestId) {
        refuseUnlessAllowed(ruleId, runId, minutes, requestId);
        lock.lock();
        try {
            Instant now = clock.instant();
            Lease lease = new Lease(UlidCreator.getMonotonicUlid().toString(), site, ruleId, runId, requestId, minutes,
                    now, now.plus(Duration.ofMinutes(minutes)).plus(timeout));
            Instant needed = now.plus(Duration.ofMinutes(minutes));
            record Decision(KeyState was, boolean mustEnable, Instant expiresAt) {
            }
            Decision decision = store.locked(site, now, row -> {
                if (row.revokedAll()) {
                    return null;
                }
                KeyState was = row.state();
                row.insert(lease, instanceId);
                boolean mustEnable = was != KeyState.ENABLED || row.expiresAt() == null
                        || row.expiresAt().isBefore(needed);
                if (mustEnable) {
                    row.write(KeyState.ENABLING, row.expiresAt(), now);
                }
                return new Decision(was, mustEnable, row.expiresAt());
            });
            if (decision == null) {
                throw refusal("REVOKED", "the admin key is revoked for all rules (POST /api/v1/leases/revoke-all); "
                        + "an admin must re-enable leases first", ruleId, runId, requestId);
            }
            lingerUntil = null;
            if (!decision.mustEnable()) {
                byRun.put(runId, lease);
                audit("join", lease, decision.expiresAt(), null);
                return lease;
            }
            try {
                enable(lease, decision.was() == KeyState.ENABLED ? "renew" : "enable");
            } catch (RuntimeException e) {
                store.locked(site, clock.instant(), row -> {
                    row.release(lease.id(), clock.instant());
                    row.write(row.active().isEmpty() ? KeyState.DISABLED : decision.was(), row.expiresAt(),
                            clock.instant());
                    return null;
                });
                throw refusal("ENABLE_FAILED", "Confluence refused to enable the admin key: " + e.getMessage(),
                        ruleId, runId, requestId);
            }
            byRun.put(runId, lease);
            return lease;
        } finally {
            lock.unlock();
        }
    }

    /** Ends the run's hold; the last holder out disables the key (after the linger, if one is configured). */
    public void release(Lease lease) {
        lock.lock();
        try {
            byRun.remove(lease.runId());
            Instant now = clock.instant();
            boolean last = store.locked(site, now, row -> {
                row.release(lease.id(), now);
                boolean none = row.active().isEmpty();
                if (none && policy.linger().isZero()) {
                    row.write(KeyState.DISABLING, row.expiresAt(), now);
                }
                return none;
            });
            audit("release", lease, null, null);
            if (last) {
                if (policy.linger().isZero()) {
                    disable("disable", null);
                } else {
                    lingerUntil = now.plus(policy.linger());
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** Whether this run holds a lease now: only then may its requests carry the admin-key header. */
    public boolean holds(String runId) {
        return runId != null && byRun.containsKey(runId);
    }

    public Collection<Lease> active() {
        return List.copyOf(byRun.values());
    }

    /** Records one HTTP request a leased run made under the key. */
    public void recordRequest(String runId, String method, String path, int status) {
        Lease lease = byRun.get(runId);
        if (lease != null) {
            audit("request", lease, null, method + " " + path + " " + status);
        }
    }

    /** The kill switch: disables the key, cancels every leased run and refuses new leases until {@link #restore}. */
    public void revokeAll(String actor) {
        lock.lock();
        try {
            Instant now = clock.instant();
            store.locked(site, now, row -> {
                row.revokeAll(true, now);
                row.write(KeyState.DISABLING, row.expiresAt(), now);
                return null;
            });
            store.audit(new AuditEntry(null, now, site, null, "revoke-all", null, null, null, null, "by " + actor));
            byRun.keySet().forEach(cancelRun);
            disable("disable", null);
        } finally {
            lock.unlock();
        }
    }

    /** Lifts the kill switch. */
    public void restore(String actor) {
        Instant now = clock.instant();
        store.locked(site, now, row -> {
            row.revokeAll(false, now);
            return null;
        });
        store.audit(new AuditEntry(null, now, site, null, "restore", null, null, null, null, "by " + actor));
    }

    public boolean revoked() {
        return store.locked(site, clock.instant(), LeaseStore.SiteRow::revokedAll);
    }

    /**
     * Start-up: releases the leases this process held when it stopped, then disables a key Warden left enabled
     * (confirmed with Confluence first) when nobody else holds it.
     */
    public void sweep() {
        lock.lock();
        try {
            Instant now = clock.instant();
            record Found(List<Lease> orphans, KeyState state, boolean othersHold) {
            }
            Found found = store.locked(site, now, row -> {
                List<Lease> orphans = row.releaseInstance(instanceId, now);
                boolean othersHold = !row.active().isEmpty();
                if (!othersHold && row.state() != KeyState.DISABLED) {
                    row.write(KeyState.DISABLING, row.expiresAt(), now);
                }
                return new Found(orphans, row.state(), othersHold);
            });
            found.orphans().forEach(l -> audit("sweep-release", l, null, "the process holding it stopped"));
            if (found.othersHold() || found.state() == KeyState.DISABLED) {
                return;
            }
            AdminKeyStatus status = provider.status();
            LOG.warn("start-up: the admin key of {} was left {} by a previous run of Warden (Confluence says {}); "
                    + "disabling it", site, found.state(), status.active() ? "active until " + status.expiresAt()
                    : "inactive");
            disable("sweep", "left " + found.state() + " by a stopped process; Confluence said "
                    + (status.active() ? "active" : "inactive"));
        } finally {
            lock.unlock();
        }
    }

    /** One round of upkeep: retries a pending disable, ends a linger, renews, stops overrunning runs. */
    void tick() {
        if (!lock.tryLock()) {
            return;
        }
        try {
            Instant now = clock.instant();
            AdminKeyStatusRow row = current();
            if (row.state() == KeyState.DISABLING && !now.isBefore(nextDisableAttempt)) {
                disable("disable", "retry");
                return;
            }
            Instant linger = lingerUntil;
            if (linger != null && !now.isBefore(linger) && byRun.isEmpty()) {
                lingerUntil = null;
                store.locked(site, now, r -> {
                    if (r.active().isEmpty()) {
                        r.write(KeyState.DISABLING, r.expiresAt(), now);
                    }
                    return null;
                });
                disable("disable", "linger over");
                return;
            }
            for (Lease lease : byRun.values()) {
                if (now.isAfter(lease.holdUntil())) {
                    audit("overrun", lease, null, "held past its declared minutes plus timeout; stopping the run");
                    cancelRun.accept(lease.runId());
                }
            }
            if (row.state() == KeyState.ENABLED && !byRun.isEmpty() && row.expiresAt() != null
                    && row.expiresAt().minus(policy.renewMargin()).isBefore(now)) {
                Lease longest = byRun.values().stream().max(java.util.Comparator.comparing(Lease::holdUntil))
                        .orElseThrow();
                if (longest.holdUntil().isAfter(row.expiresAt())) {
                    store.locked(site, now, r -> {
                        r.write(KeyState.ENABLING, r.expiresAt(), now);
                        return null;
                    });
                    enable(longest, "renew");
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("lease upkeep failed; retrying in a second", e);
        } finally {
            lock.unlock();
        }
    }

    /** Retries a failed disable at once (an admin's request, or tests). */
    public void retryDisableNow() {
        lock.lock();
        try {
            if (current().state() == KeyState.DISABLING) {
                disable("disable", "retry");
            }
        } finally {
            lock.unlock();
        }
    }

    private record AdminKeyStatusRow(KeyState state, Instant expiresAt) {
    }

    private AdminKeyStatusRow current() {
        return store.locked(site, clock.instant(), row -> new AdminKeyStatusRow(row.state(), row.expiresAt()));
    }

    /** POSTs the key for the longest remaining need of all holders (1-60 minutes) and records the new expiry. */
    private void enable(Lease cause, String action) {
        Instant now = clock.instant();
        List<Lease> holders = new java.util.ArrayList<>(byRun.values());
        holders.add(cause);
        Instant until = holders.stream().map(l -> l.acquiredAt().plus(Duration.ofMinutes(l.minutes())))
                .max(Instant::compareTo).orElseThrow();
        if ("renew".equals(action)) {
            until = holders.stream().map(Lease::holdUntil).max(Instant::compareTo).orElseThrow();
        }
        // One minute of slack lets runs that join within the next minute fit in the same key (one POST per burst).
        long minutes = Math.min(MAX_MINUTES, Math.max(1, (Duration.between(now, until).toSeconds() + 59) / 60) + 1);
        AdminKeyStatus status = provider.enable(Duration.ofMinutes(minutes));
        account = status.accountId();
        store.locked(site, clock.instant(), row -> {
            row.write(KeyState.ENABLED, status.expiresAt(), clock.instant());
            return null;
        });
        audit(action, cause, status.expiresAt(), minutes + " minutes for " + holders.stream().map(Lease::runId)
                .distinct().count() + " holder(s)");
    }

    /** DELETEs the key with a few quick retries; on failure the state stays DISABLING and the ticker retries. */
    private void disable(String action, String detail) {
        RuntimeException last = null;
        for (int attempt = 0; attempt <= DISABLE_BACKOFF.size(); attempt++) {
            try {
                provider.disable();
                Instant now = clock.instant();
                store.locked(site, now, row -> {
                    if (row.active().isEmpty()) {
                        row.write(KeyState.DISABLED, null, now);
                    }
                    return null;
                });
                store.audit(new AuditEntry(null, now, site, null, action, null, null, null, null, detail));
                nextDisableAttempt = Instant.MIN;
                return;
            } catch (RuntimeException e) {
                last = e;
                if (attempt < DISABLE_BACKOFF.size()) {
                    sleep(DISABLE_BACKOFF.get(attempt));
                }
            }
        }
        nextDisableAttempt = clock.instant().plusSeconds(5);
        LOG.error("could not disable the admin key of {}: {}; retrying every few seconds", site, last.getMessage());
        store.audit(new AuditEntry(null, clock.instant(), site, null, "disable-failed", null, null, null, null,
                last.getMessage()));
    }

    private void refuseUnlessAllowed(String ruleId, String runId, int minutes, String requestId) {
        if (!policy.allowedRules().contains(ruleId)) {
            throw refusal("NOT_ALLOWED", "rule " + ruleId + " may not use the admin key: an admin must list it in "
                    + "adminKey.allowedRules (WARDEN_ADMIN_KEY_ALLOWED_RULES)", ruleId, runId, requestId);
        }
        if (minutes > policy.maxMinutes()) {
            throw refusal("TOO_LONG", "rule " + ruleId + " asks for the admin key for " + minutes + " minutes; this "
                    + "site allows at most " + policy.maxMinutes() + " (adminKey.maxMinutes)", ruleId, runId, requestId);
        }
    }

    private LeaseRefusedException refusal(String code, String message, String ruleId, String runId, String requestId) {
        store.audit(new AuditEntry(null, clock.instant(), site, null, "refuse", ruleId, runId, requestId, null,
                code + ": " + message));
        return new LeaseRefusedException(code, message);
    }

    private void audit(String action, Lease lease, Instant expiresAt, String detail) {
        store.audit(new AuditEntry(null, clock.instant(), site, account, action, lease.ruleId(), lease.runId(),
                lease.requestId(), expiresAt, detail));
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        ticker.shutdownNow();
    }
}
