package dev.warden.leases;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.github.f4b6a3.ulid.UlidCreator;

import dev.warden.plugin.AdminKeyProvider;
import dev.warden.plugin.AdminKeyStatus;
import dev.warden.plugin.RuleCallException;
import dev.warden.rules.Durations;

/**
 * Leases one site's admin key around exactly the runs that declared they need it.
 *
 * <p>The first holder enables the key (one POST covering the longest current need, at most 60 minutes), later
 * holders join, the last one out disables it (one DELETE). While holders run, a ticker renews the key before it
 * expires and stops runs that outlive their declared minutes plus timeout. Every state change is written to the
 * store before the call to Confluence, so {@link #sweep()} at start-up can disable a key a crashed process left on.
 *
 * <p>Lifecycle: construct, {@link #sweep()}, {@link #start()}, acquire/release per run, {@link #close()}.
 * Thread-safe: one lock per manager orders key-state decisions and the holders in this process, the store's row lock
 * orders them across processes sharing a database, and the calls to Confluence run afterwards on one thread
 * ({@link KeyCalls}) in the order they were decided, with no lock held: a Confluence that hangs never delays
 * {@link #holds}, the kill switch, a release that is not the last, or the lease listing.
 */
public final class LeaseManager implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LeaseManager.class);
    private static final int MAX_MINUTES = 60;
    private static final List<Duration> DISABLE_BACKOFF = List.of(Duration.ofMillis(100), Duration.ofMillis(300),
            Duration.ofMillis(900));
    /** After a failed disable, the ticker retries after this, doubling up to {@link #MAX_DISABLE_RETRY}. */
    private static final Duration FIRST_DISABLE_RETRY = Duration.ofSeconds(5);
    private static final Duration MAX_DISABLE_RETRY = Duration.ofMinutes(2);
    /** How often this process stamps its leases as alive, and how often it looks for dead holders' leases. */
    private static final Duration HEARTBEAT_EVERY = Duration.ofSeconds(10);
    /** A holder silent this long (many heartbeats) is dead, once its run's deadline plus the grace passed too. */
    static final Duration STALE_AFTER = Duration.ofMinutes(3);
    static final Duration DEADLINE_GRACE = Duration.ofMinutes(1);
    /** After an enable whose outcome is unknown, a late-arriving request may still turn the key on: watch this long. */
    private static final Duration SUSPECT_WINDOW = Duration.ofMinutes(3);
    private static final Duration SUSPECT_CHECK_EVERY = Duration.ofSeconds(5);
    /** How long the kill switch waits for Confluence to confirm the key off before it answers. */
    private static final Duration KILL_SWITCH_WAIT = Duration.ofSeconds(2);
    private static final String REVOKED_MESSAGE = "the admin key is revoked for all rules (POST "
            + "/api/v1/leases/revoke-all); an admin must re-enable leases first (POST /api/v1/leases/restore)";
    /** How long {@link #close()} may spend disabling a key nobody holds. */
    private static final Duration CLOSE_BUDGET = Duration.ofSeconds(5);

    private final LeaseStore store;
    private final AdminKeyProvider provider;
    private final LeasePolicy policy;
    private final Clock clock;
    private final String site;
    private final String instanceId;
    private final Consumer<String> cancelRun;
    /** Orders key-state decisions and the holders map; never held while Confluence is called. */
    private final ReentrantLock lock = new ReentrantLock();
    private final KeyCalls calls = new KeyCalls();
    /** Enables queued for waiting runs: the ticker leaves renewing to them. */
    private final AtomicInteger queuedEnables = new AtomicInteger();
    private final AtomicBoolean upkeepRunning = new AtomicBoolean();
    private final Map<String, Lease> byRun = new ConcurrentHashMap<>();
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r ->
            Thread.ofPlatform().daemon().name("warden-leases").unstarted(r));
    private volatile Instant lingerUntil;
    private volatile String account;
    private volatile Instant nextDisableAttempt = Instant.MIN;
    private volatile Duration disableRetry = FIRST_DISABLE_RETRY;
    private volatile Instant nextHeartbeat = Instant.MIN;
    private volatile Instant nextStaleCheck = Instant.MIN;
    private volatile Instant suspectUntil;
    private volatile Instant nextSuspectCheck = Instant.MIN;
    private volatile boolean renewFailing;
    private volatile boolean closed;
    /** Runs that were without the key for a while (a renewal failed past its expiry): the warning for their log. */
    private final Map<String, String> keyLost = new ConcurrentHashMap<>();

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
     * Makes sure the key is enabled for at least {@code minutes} from now and registers the run as a holder. Waits
     * for Confluence at most {@code timeout} (the rule's timeout): an enable still unanswered then fails the acquire,
     * and the key, recorded {@code ENABLING}, is disabled once the call ends unless another run holds it.
     *
     * @throws LeaseRefusedException before any call to Confluence when policy forbids it, or when enabling fails or
     *         outlasts the timeout
     */
    public Lease acquire(String ruleId, String runId, int minutes, Duration timeout, String requestId) {
        refuseUnlessAllowed(ruleId, runId, minutes, requestId);
        Instant now = clock.instant();
        Lease lease = new Lease(UlidCreator.getMonotonicUlid().toString(), site, ruleId, runId, requestId, minutes,
                now, now.plus(Duration.ofMinutes(minutes)).plus(timeout));
        Instant needed = now.plus(Duration.ofMinutes(minutes));
        PendingLease pending;
        lock.lock();
        try {
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
                throw refusal("REVOKED", REVOKED_MESSAGE, ruleId, runId, requestId);
            }
            lingerUntil = null;
            if (!decision.mustEnable()) {
                byRun.put(runId, lease);
                audit("join", lease, decision.expiresAt(), null);
                return lease;
            }
            // Queued under the lock, so the calls run in the order the decisions were written.
            pending = new PendingLease(lease, decision.was(), needed);
            queuedEnables.incrementAndGet();
            pending.call = calls.queue(() -> {
                try {
                    return enableFor(pending);
                } finally {
                    queuedEnables.decrementAndGet();
                }
            });
        } finally {
            lock.unlock();
        }
        return awaitEnable(pending, timeout);
    }

    /** On the key-call thread: enables the key for a waiting run (or lets it join a key enabled meanwhile). */
    private Lease enableFor(PendingLease pending) {
        Lease lease = pending.lease;
        AdminKeyStatusRow row = current();
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
            audit("join", lease, row.expiresAt(), null);
            return lease;
        }
        KeyState was = row.state() == KeyState.ENABLING ? pending.was : row.state();
        boolean on;
        try {
            on = enable(lease, was == KeyState.ENABLED ? "renew" : "enable");
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

    /** Releases a lease that was never granted and disables the key when nobody holds it or the switch is on. */
    private void dropAndDisable(Lease lease, String why) {
        Instant now = clock.instant();
        boolean disable = store.locked(site, now, row -> {
            row.release(lease.id(), now);
            if ((row.active().isEmpty() || row.revokedAll()) && row.state() != KeyState.DISABLED) {
                row.write(KeyState.DISABLING, row.expiresAt(), now);
                return true;
            }
            return false;
        });
        if (disable) {
            disable("disable", why);
        }
    }

    /** Registers a waiting run as a holder, unless it stopped waiting or the kill switch was pulled meanwhile. */
    private boolean grant(PendingLease pending) {
        lock.lock();
        try {
            if (pending.abandoned || current().revokedAll()) {
                return false;
            }
            byRun.put(pending.lease.runId(), pending.lease);
            pending.granted = true;
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits for the run's enable up to its timeout. A run that stops waiting releases its lease; the key keeps the
     * state written before the call ({@code ENABLING}) and the call, when it ends, disables a key nobody holds.
     */
    private Lease awaitEnable(PendingLease pending, Duration timeout) {
        Lease lease = pending.lease;
        try {
            Lease granted = pending.call.get(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS);
            if (granted == null) {
                throw refusal("REVOKED", REVOKED_MESSAGE, lease.ruleId(), lease.runId(), lease.requestId());
            }
            return granted;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw new IllegalStateException(e.getCause());
        } catch (TimeoutException | InterruptedException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            lock.lock();
            try {
                if (pending.granted) {
                    return lease;
                }
                pending.abandoned = true;
            } finally {
                lock.unlock();
            }
            Instant now = clock.instant();
            KeyState state = store.locked(site, now, row -> {
                row.release(lease.id(), now);
                return row.state();
            });
            String waited = Durations.format(timeout);
            audit("enable-timeout", lease, null, "Confluence had not answered the enable within the rule's timeout of "
                    + waited + "; the key is recorded " + state + " and is disabled when the call ends unless "
                    + "another run holds it");
            throw refusal("ENABLE_TIMEOUT", "Confluence did not answer the request to enable the admin key within the "
                    + "rule's timeout of " + waited + "; the key stays recorded " + state + " and Warden disables it "
                    + "once Confluence answers: check Confluence (`warden doctor`) or raise the rule's timeout",
                    lease.ruleId(), lease.runId(), lease.requestId());
        }
    }

    /**
     * Fails an acquire whose enable failed. A definite refusal (Confluence answered 4xx) left the key as it was; any
     * other failure (no answer in time, a broken connection, a 5xx) may have reached Confluence and turned the key
     * on, so with no other holder the key is treated as possibly on: disabled now (retried by the ticker) and watched
     * for a while, since a request Confluence had not answered may still be carried out after the DELETE.
     */
    private LeaseRefusedException enableFailed(Lease lease, KeyState was, RuntimeException e) {
        boolean unknown = outcomeUnknown(e);
        Instant now = clock.instant();
        boolean mustDisable = store.locked(site, now, row -> {
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
            suspectUntil = clock.instant().plus(SUSPECT_WINDOW);
            nextSuspectCheck = Instant.MIN;
            audit("enable-unknown", lease, null, "the enable may have reached Confluence (" + detail + "); "
                    + (mustDisable ? "disabling the key" : "another run holds the key"));
            LOG.warn("the admin key of {} may be on: Confluence did not answer the enable for run {} ({}); {}", site,
                    lease.runId(), detail, mustDisable ? "disabling it" : "another run holds it");
        }
        if (mustDisable) {
            disable("disable", unknown ? "after an enable Confluence did not answer" : "after a refused renewal");
        }
        String message = unknown
                ? "Confluence did not answer the request to enable the admin key in time (" + detail + "); the key "
                        + "may have been turned on, so Warden disabled it again"
                : "Confluence refused to enable the admin key: " + detail;
        return refusal("ENABLE_FAILED", message, lease.ruleId(), lease.runId(), lease.requestId());
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

    /**
     * Ends the run's hold; the last holder out disables the key (after the linger, if one is configured).
     *
     * @return a warning for the run's log when the key was lost during the run (a renewal failed past its expiry),
     *         else null
     */
    public String release(Lease lease) {
        CompletableFuture<Void> off = null;
        lock.lock();
        try {
            byRun.remove(lease.runId());
            Instant now = clock.instant();
            boolean linger = !policy.linger().isZero() && !closed;
            boolean last = store.locked(site, now, row -> {
                row.release(lease.id(), now);
                boolean none = row.active().isEmpty() && row.state() != KeyState.DISABLED;
                if (none && !linger) {
                    row.write(KeyState.DISABLING, row.expiresAt(), now);
                }
                return none;
            });
            audit("release", lease, null, null);
            if (last) {
                if (!linger) {
                    off = calls.queue(() -> disableIfStillDisabling(null));
                } else {
                    lingerUntil = now.plus(policy.linger());
                }
            }
        } finally {
            lock.unlock();
        }
        if (off != null) {
            KeyCalls.await(off);
        }
        return keyLost.remove(lease.runId());
    }

    /** Disables the key as queued, unless a later decision (a run that enables it again) overtook this one. */
    private void disableIfStillDisabling(String detail) {
        if (current().state() == KeyState.DISABLING) {
            disable("disable", detail);
        }
    }

    /** Whether this run holds a lease now: only then may its requests carry the admin-key header. */
    public boolean holds(String runId) {
        return runId != null && byRun.containsKey(runId);
    }

    public Collection<Lease> active() {
        return List.copyOf(byRun.values());
    }

    /** Every Warden process's active leases of this site, from the store (read without the row lock). */
    public List<ListedLease> listed() {
        return store.held(site).stream().map(ListedLease::of).toList();
    }

    /** Records one HTTP request a leased run made under the key. */
    public void recordRequest(String runId, String method, String path, int status) {
        Lease lease = byRun.get(runId);
        if (lease != null) {
            audit("request", lease, null, method + " " + path + " " + status);
        }
    }

    /**
     * The kill switch: no request carries the admin-key header once it returns; it cancels every leased run, refuses
     * new leases until {@link #restore}, and DELETEs the key at once, beside any call Confluence is still holding (an
     * enable that ends later finds the switch on and disables the key again).
     *
     * @return whether Confluence confirmed the key off within a few seconds (else the DELETE is still in flight and
     *         is retried like any failed disable)
     */
    public boolean revokeAll(String actor) {
        List<String> holders;
        Instant now = clock.instant();
        lock.lock();
        try {
            store.locked(site, now, row -> {
                row.revokeAll(true, now);
                row.write(KeyState.DISABLING, row.expiresAt(), now);
                return null;
            });
            holders = List.copyOf(byRun.keySet());
            byRun.clear();
        } finally {
            lock.unlock();
        }
        store.audit(new AuditEntry(null, now, site, null, "revoke-all", null, null, null, null, "by " + actor));
        holders.forEach(cancelRun);
        CompletableFuture<Void> off = CompletableFuture.runAsync(
                () -> disableIfStillDisabling("kill switch"), command -> Thread.ofVirtual()
                        .name("warden-kill-switch").start(command));
        try {
            off.get(KILL_SWITCH_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException | ExecutionException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
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
        calls.now(this::sweepNow);
    }

    private void sweepNow() {
        {
            Instant now = clock.instant();
            record Found(List<Lease> orphans, KeyState state, boolean othersHold) {
            }
            Found found = store.locked(site, now, row -> {
                List<Lease> orphans = row.releaseInstance(instanceId, now);
                boolean othersHold = !row.active().isEmpty();
                KeyState left = row.state();
                if (!othersHold && left != KeyState.DISABLED) {
                    row.write(KeyState.DISABLING, row.expiresAt(), now);
                }
                return new Found(orphans, left, othersHold);
            });
            found.orphans().forEach(l -> audit("sweep-release", l, null, "the process holding it stopped"));
            if (found.othersHold()) {
                return;
            }
            if (found.state() == KeyState.DISABLED) {
                sweepUnrecorded();
                return;
            }
            // The answer only feeds the log: a Confluence that cannot answer it must not stop Warden from starting.
            String said;
            try {
                AdminKeyStatus status = provider.status();
                said = status.active() ? "active until " + status.expiresAt() : "inactive";
            } catch (RuntimeException e) {
                said = "unknown: the status check failed (" + e.getMessage() + ")";
                LOG.warn("start-up: could not ask Confluence for the admin key's status of {}: {}", site,
                        e.getMessage());
            }
            LOG.warn("start-up: the admin key of {} was left {} by a previous run of Warden (Confluence says {}); "
                    + "disabling it", site, found.state(), said);
            disable("sweep", "left " + found.state() + " by a stopped process; Confluence said " + said);
        }
    }

    /** Disables the key (audited as {@code disable}) when no run of any instance holds it and it is not off. */
    private void disableIfUnheld(Instant now, String detail) {
        boolean unheld = store.locked(site, now, row -> {
            if (row.active().isEmpty() && row.state() != KeyState.DISABLED) {
                row.write(KeyState.DISABLING, row.expiresAt(), now);
                return true;
            }
            return false;
        });
        if (unheld) {
            disable("disable", detail);
        }
    }

    /**
     * The store says no key is on and no run holds one; Confluence is asked anyway, since a process killed right after
     * enabling can have lost its latest commits (a power cut loses H2's last second; a kill -9 lost some before
     * {@code H2CrashRecovery}), and a key on that no run holds is disabled. Called with the lock held; a status check that fails is logged and changes nothing.
     */
    private void sweepUnrecorded() {
        AdminKeyStatus status;
        try {
            status = provider.status();
        } catch (RuntimeException e) {
            LOG.warn("start-up: could not ask Confluence whether the admin key of {} is on: {}", site, e.getMessage());
            return;
        }
        if (!status.active()) {
            return;
        }
        LOG.warn("start-up: the admin key of {} is on (until {}) though no run holds it and the database recorded it "
                + "off (a stopped process's latest record lost, or enabled outside Warden); disabling it", site,
                status.expiresAt());
        store.locked(site, clock.instant(), row -> {
            row.write(KeyState.DISABLING, status.expiresAt(), clock.instant());
            return null;
        });
        disable("sweep", "on though recorded off; Confluence said active until " + status.expiresAt());
    }

    /**
     * One round of upkeep: stamps this process's leases as alive, releases dead holders' leases, retries a pending
     * disable, ends a linger, stops overrunning runs, renews (retrying a failed renewal every tick) and watches for a
     * key a late enable turned on.
     */
    void tick() {
        Instant start = clock.instant();
        if (!byRun.isEmpty() && !start.isBefore(nextHeartbeat)) {
            try {
                store.heartbeat(site, instanceId, start);
                nextHeartbeat = start.plus(HEARTBEAT_EVERY);
            } catch (RuntimeException e) {
                LOG.warn("could not record the lease heartbeat; retrying in a second", e);
            }
        }
        Instant now = clock.instant();
        for (Lease lease : byRun.values()) {
            if (now.isAfter(lease.holdUntil())) {
                audit("overrun", lease, null, "held past its declared minutes plus timeout; stopping the run");
                cancelRun.accept(lease.runId());
            }
        }
        // The rest may call Confluence: it queues with the other key calls, and one round at a time.
        if (upkeepRunning.compareAndSet(false, true)) {
            try {
                calls.now(this::upkeep);
            } finally {
                upkeepRunning.set(false);
            }
        }
    }

    private void upkeep() {
        try {
            Instant now = clock.instant();
            if (!now.isBefore(nextStaleCheck)) {
                nextStaleCheck = now.plus(HEARTBEAT_EVERY);
                releaseDeadHolders(now);
            }
            AdminKeyStatusRow row = current();
            if (row.revokedAll() && !byRun.isEmpty()) {
                revokedElsewhere();
            }
            if (row.state() == KeyState.DISABLING) {
                if (!now.isBefore(nextDisableAttempt)) {
                    disable("disable", "retry");
                }
                return;
            }
            Instant linger = lingerUntil;
            if (linger != null && !now.isBefore(linger) && byRun.isEmpty()) {
                lingerUntil = null;
                disableIfUnheld(now, "linger over");
                return;
            }
            renewIfDue(row, now);
            watchSuspectKey(row, now);
        } catch (RuntimeException e) {
            LOG.warn("lease upkeep failed; retrying in a second", e);
        }
    }

    /** Another Warden sharing the database pulled the kill switch: this process's holders lose the header too. */
    private void revokedElsewhere() {
        List<String> holders;
        lock.lock();
        try {
            holders = List.copyOf(byRun.keySet());
            byRun.clear();
        } finally {
            lock.unlock();
        }
        LOG.warn("the admin key of {} was revoked for all rules; cancelling {} leased run(s)", site, holders.size());
        holders.forEach(cancelRun);
    }

    /**
     * Renews the key for this process's holders when it expires within the renew margin, or re-enables it when it
     * is not recorded ENABLED (a renewal that failed left ENABLING: it is retried every tick). A renewal that is still
     * failing when the key expires is audited as {@code key-lost} for each holder, whose run log gets a warning.
     */
    private void renewIfDue(AdminKeyStatusRow row, Instant now) {
        if (byRun.isEmpty() || row.revokedAll() || queuedEnables.get() > 0) {
            return;
        }
        Lease longest = byRun.values().stream().max(java.util.Comparator.comparing(Lease::holdUntil)).orElseThrow();
        boolean due = row.state() != KeyState.ENABLED || row.expiresAt() == null
                || (row.expiresAt().minus(policy.renewMargin()).isBefore(now)
                        && longest.holdUntil().isAfter(row.expiresAt()));
        if (!due) {
            return;
        }
        store.locked(site, now, r -> {
            r.write(KeyState.ENABLING, r.expiresAt(), now);
            return null;
        });
        try {
            if (!enable(longest, "renew")) {
                disable("disable", "the kill switch was pulled while Confluence renewed the key");
            }
            renewFailing = false;
        } catch (RuntimeException e) {
            LOG.warn("could not renew the admin key of {} (it expires {}): {}; retrying in a second", site,
                    row.expiresAt(), e.getMessage());
            if (!renewFailing) {
                renewFailing = true;
                audit("renew-failed", longest, row.expiresAt(), e.getMessage() + "; retrying every second");
            }
            if (row.expiresAt() == null || !now.isBefore(row.expiresAt())) {
                String warning = (row.expiresAt() == null ? "the admin key was off" : "the admin key expired at "
                        + row.expiresAt()) + " while this run held it: Confluence did not renew it (" + e.getMessage()
                        + "); requests that needed it may have answered 404";
                for (Lease lease : byRun.values()) {
                    if (keyLost.putIfAbsent(lease.runId(), warning) == null) {
                        audit("key-lost", lease, row.expiresAt(), warning);
                        LOG.error("run {} of {}: {}", lease.runId(), lease.ruleId(), warning);
                    }
                }
            }
        }
    }

    /**
     * Releases the leases of holders that stopped heartbeating (their process died, under whatever instance id)
     * once their run's deadline plus a grace passed, and disables the key when nobody else holds it.
     */
    private void releaseDeadHolders(Instant now) {
        record Dead(List<LeaseStore.HeldLease> leases, boolean disable) {
        }
        Dead dead = store.locked(site, now, row -> {
            List<LeaseStore.HeldLease> stale = row.releaseStale(instanceId, now.minus(STALE_AFTER),
                    now.minus(DEADLINE_GRACE), now);
            boolean disable = !stale.isEmpty() && row.active().isEmpty() && row.state() != KeyState.DISABLED;
            if (disable) {
                row.write(KeyState.DISABLING, row.expiresAt(), now);
            }
            return new Dead(stale, disable);
        });
        for (LeaseStore.HeldLease held : dead.leases()) {
            String why = "holder " + held.instanceId() + " has not been heard of since " + held.heartbeatAt()
                    + " and its run's deadline " + held.lease().holdUntil() + " passed; released by " + instanceId;
            LOG.warn("released the lease of run {} ({}): {}", held.lease().runId(), held.lease().ruleId(), why);
            audit("stale-release", held.lease(), null, why);
        }
        if (dead.disable()) {
            disable("disable", "the last holder's process died");
        }
    }

    /** For a while after an enable of unknown outcome, checks that no late request left the key on. */
    private void watchSuspectKey(AdminKeyStatusRow row, Instant now) {
        Instant until = suspectUntil;
        if (until == null || row.state() != KeyState.DISABLED || now.isBefore(nextSuspectCheck)) {
            return;
        }
        if (now.isAfter(until)) {
            suspectUntil = null;
            return;
        }
        nextSuspectCheck = now.plus(SUSPECT_CHECK_EVERY);
        AdminKeyStatus status = provider.status();
        if (!status.active()) {
            return;
        }
        boolean none = store.locked(site, now, r -> {
            if (r.active().isEmpty() && r.state() == KeyState.DISABLED) {
                r.write(KeyState.DISABLING, r.expiresAt(), now);
                return true;
            }
            return false;
        });
        if (none) {
            LOG.warn("the admin key of {} is on though no run holds it: an enable Confluence had not answered was "
                    + "carried out late; disabling it", site);
            disable("disable", "a late enable (Confluence had not answered it in time) turned the key on");
        }
    }

    /** Retries a failed disable at once (an admin's request, or tests). */
    public void retryDisableNow() {
        calls.now(() -> disableIfStillDisabling("retry"));
    }

    private record AdminKeyStatusRow(KeyState state, Instant expiresAt, boolean revokedAll) {
    }

    private AdminKeyStatusRow current() {
        return store.locked(site, clock.instant(), row -> new AdminKeyStatusRow(row.state(), row.expiresAt(),
                row.revokedAll()));
    }

    /**
     * POSTs the key for the longest remaining need of all holders (1-60 minutes) and records the new expiry.
     *
     * @return false when the kill switch was pulled meanwhile: the key is on again and recorded DISABLING
     */
    private boolean enable(Lease cause, String action) {
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
        boolean enabled = store.locked(site, clock.instant(), row -> {
            row.write(row.revokedAll() ? KeyState.DISABLING : KeyState.ENABLED, status.expiresAt(), clock.instant());
            return !row.revokedAll();
        });
        audit(action, cause, status.expiresAt(), minutes + " minutes for " + holders.stream().map(Lease::runId)
                .distinct().count() + " holder(s)" + (enabled ? "" : "; the kill switch was pulled meanwhile"));
        return enabled;
    }

    /**
     * DELETEs the key with a few quick retries and records DISABLED (unless the state changed meanwhile: another
     * holder enabled it again). On failure the state stays DISABLING and the ticker retries with a growing delay.
     */
    private void disable(String action, String detail) {
        RuntimeException last = null;
        for (int attempt = 0; attempt <= DISABLE_BACKOFF.size(); attempt++) {
            try {
                String note = detail;
                try {
                    provider.disable();
                } catch (RuleCallException e) {
                    if (e.status() != 404) {
                        throw e;
                    }
                    // Confluence has no key for this account (it is no admin, or the plan has no admin key): off.
                    note = (detail == null ? "" : detail + "; ") + "Confluence has no key for this account";
                }
                Instant now = clock.instant();
                store.locked(site, now, row -> {
                    if (row.state() == KeyState.DISABLING) {
                        row.write(KeyState.DISABLED, null, now);
                    }
                    return null;
                });
                store.audit(new AuditEntry(null, now, site, null, action, null, null, null, null, note));
                nextDisableAttempt = Instant.MIN;
                disableRetry = FIRST_DISABLE_RETRY;
                return;
            } catch (RuntimeException e) {
                last = e;
                if (attempt < DISABLE_BACKOFF.size()) {
                    sleep(DISABLE_BACKOFF.get(attempt));
                }
            }
        }
        Duration wait = disableRetry;
        nextDisableAttempt = clock.instant().plus(wait);
        disableRetry = wait.multipliedBy(2).compareTo(MAX_DISABLE_RETRY) > 0 ? MAX_DISABLE_RETRY : wait.multipliedBy(2);
        LOG.error("could not disable the admin key of {}: {}; retrying in {} s", site, last.getMessage(),
                wait.toSeconds());
        store.audit(new AuditEntry(null, clock.instant(), site, null, "disable-failed", null, null, null, null,
                last.getMessage() + "; retrying in " + wait.toSeconds() + " s"));
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

    /**
     * Stops the ticker and disables a key no run holds (a linger, a pending disable), within a few seconds; when that
     * cannot be done, says so: the key then stays on until its expiry or the next start's sweep. Runs still holding
     * the key disable it on release, at once (no linger after close).
     */
    @Override
    public void close() {
        closed = true;
        ticker.shutdownNow();
        lingerUntil = null;
        if (!byRun.isEmpty()) {
            return;
        }
        Thread closing = Thread.ofVirtual().name("warden-leases-close").start(() -> {
            try {
                calls.now(() -> disableIfUnheld(clock.instant(), "Warden stopped"));
            } catch (RuntimeException e) {
                LOG.error("could not disable the admin key of {} while stopping", site, e);
            }
        });
        try {
            boolean done = closing.join(CLOSE_BUDGET);
            AdminKeyStatusRow row = done ? current() : null;
            if (!done || row.state() != KeyState.DISABLED) {
                LOG.error("Warden stopped with the admin key of {} possibly on: it stays on until it expires{} or the "
                        + "next start disables it", site, row != null && row.expiresAt() != null
                        ? " at " + row.expiresAt() : "");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("could not check the admin key of {} while stopping", site, e);
        }
    }
}
