package dev.warden.leases;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.github.f4b6a3.ulid.UlidCreator;

import dev.warden.leases.internal.Closing;
import dev.warden.leases.internal.DeadHolders;
import dev.warden.leases.internal.Enabler;
import dev.warden.leases.internal.GuardedProvider;
import dev.warden.leases.internal.Holders;
import dev.warden.leases.internal.KeyCalls;
import dev.warden.leases.internal.KillSwitch;
import dev.warden.leases.internal.LateEnableWatch;
import dev.warden.leases.internal.LeaseAudit;
import dev.warden.leases.internal.LeaseSite;
import dev.warden.leases.internal.LeaseUpkeep;
import dev.warden.leases.internal.Linger;
import dev.warden.leases.internal.PendingLease;
import dev.warden.leases.internal.Renewal;
import dev.warden.leases.internal.SiteKey;
import dev.warden.leases.internal.StartupSweep;
import dev.warden.plugin.AdminKeyProvider;

/**
 * Leases one site's admin key around exactly the runs that declared they need it.
 *
 * <p>The first holder enables the key (one POST covering the longest current need, at most 60 minutes), later
 * holders join, the last one out disables it (one DELETE). While holders run, a ticker ({@link LeaseUpkeep}) renews
 * the key before it expires and stops runs that outlive their declared minutes plus timeout. Every state change is
 * written to the store before the call to Confluence, so {@link #sweep()} at start-up can disable a key a crashed
 * process left on.
 *
 * <p>Lifecycle: construct, {@link #sweep()}, {@link #start()}, per run {@link #request} (or the blocking
 * {@link #acquire}) and {@link #releaseLater} (or {@link #release}), {@link #close()}.
 * Thread-safe: one lock per manager ({@link Holders}) orders key-state decisions and the holders in this process,
 * the store's row lock orders them across processes sharing a database, and the calls to Confluence run afterwards
 * on one thread ({@link KeyCalls}) in the order they were decided, with no lock held: a Confluence that hangs never
 * delays {@link #holds}, the kill switch, a release that is not the last, or the lease listing.
 */
public final class LeaseManager implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LeaseManager.class);

    private final LeaseSite site;
    private final LeasePolicy policy;
    private final Holders holders = new Holders();
    private final KeyCalls calls = new KeyCalls();
    private final Linger linger = new Linger();
    private final LeaseAudit audit;
    private final SiteKey key;
    private final Enabler enabler;
    private final KillSwitch killSwitch;
    private final StartupSweep startupSweep;
    private final LeaseUpkeep upkeep;
    private final Closing closing;
    private volatile boolean closed;

    /**
     * @param site the site and account this manager owns the key of (e.g. the site URL plus the admin's email)
     * @param instanceId this process, unique among processes sharing the database
     * @param cancelRun stops a run by id (used when a run outlives its lease or on revoke-all)
     */
    public LeaseManager(LeaseStore store, AdminKeyProvider provider, LeasePolicy policy, Clock clock, String site,
                        String instanceId, Consumer<String> cancelRun) {
        this.site = new LeaseSite(site, instanceId, store, GuardedProvider.of(provider), clock);
        this.policy = policy;
        this.audit = new LeaseAudit(this.site);
        this.key = new SiteKey(this.site, holders, audit);
        LateEnableWatch lateEnables = new LateEnableWatch(this.site, key);
        this.enabler = new Enabler(this.site, holders, key, audit, calls, lateEnables);
        this.killSwitch = new KillSwitch(this.site, holders, key, audit, cancelRun);
        this.startupSweep = new StartupSweep(this.site, key, audit);
        this.upkeep = new LeaseUpkeep(this.site, holders, calls, key, audit, cancelRun, killSwitch,
                new DeadHolders(this.site, key, audit), linger,
                new Renewal(this.site, policy.renewMargin(), holders, key, audit, enabler), lateEnables);
        this.closing = new Closing(this.site, holders, calls, key, audit);
    }

    /**
     * Start-up, before {@link #start()}: releases the leases this process held when it stopped, then disables a key
     * Warden left enabled (confirmed with Confluence first) when nobody else holds it.
     */
    public void sweep() {
        calls.now(startupSweep::sweep);
    }

    /** Starts the ticker ({@link LeaseUpkeep}). */
    public void start() {
        upkeep.start();
    }

    /**
     * Makes sure the key is enabled for at least {@code minutes} from now and registers the run as a holder, waiting
     * on this thread; see {@link #request}.
     *
     * @throws LeaseRefusedException when policy forbids it, or when enabling fails or outlasts the timeout
     */
    public Lease acquire(String ruleId, String runId, int minutes, Duration timeout, String requestId) {
        return request(ruleId, runId, minutes, timeout, requestId).await();
    }

    /**
     * Makes sure the key is enabled for at least {@code minutes} from now and registers the run as a holder, without
     * waiting for Confluence: the answer completes once the run holds the key. The wait lasts at most {@code timeout}
     * (the rule's timeout): an enable still unanswered then fails it ({@code ENABLE_TIMEOUT}), and the key, recorded
     * {@code ENABLING}, is disabled once the call ends unless another run holds it.
     *
     * @throws LeaseRefusedException before any call to Confluence when policy forbids it or the kill switch is on
     */
    public LeaseWait request(String ruleId, String runId, int minutes, Duration timeout, String requestId) {
        refuseUnlessAllowed(ruleId, runId, minutes, requestId);
        Instant now = site.now();
        Lease lease = new Lease(UlidCreator.getMonotonicUlid().toString(), site.name(), ruleId, runId, requestId,
                minutes, now, now.plus(Duration.ofMinutes(minutes)).plus(timeout));
        Instant needed = now.plus(Duration.ofMinutes(minutes));
        PendingLease pending = holders.underLock(() -> {
            record Decision(KeyState was, boolean mustEnable, Instant expiresAt) {
            }
            Decision decision = site.locked(now, row -> {
                if (row.revokedAll()) {
                    return null;
                }
                KeyState was = row.state();
                row.insert(lease, site.instanceId());
                boolean mustEnable = was != KeyState.ENABLED || row.expiresAt() == null
                        || row.expiresAt().isBefore(needed);
                if (mustEnable) {
                    row.write(KeyState.ENABLING, row.expiresAt(), now);
                }
                return new Decision(was, mustEnable, row.expiresAt());
            });
            if (decision == null) {
                throw audit.refusal("REVOKED", KillSwitch.REVOKED, ruleId, runId, requestId);
            }
            linger.cancel();
            if (!decision.mustEnable()) {
                holders.add(lease);
                audit.lease("join", lease, decision.expiresAt(), null);
                return null;
            }
            // Queued under the lock, so the calls run in the order the decisions were written.
            return enabler.queue(lease, decision.was(), needed);
        });
        if (pending == null) {
            return LeaseWait.held(lease);
        }
        enabler.limit(pending, timeout);
        return new LeaseWait(pending.result(), why -> enabler.abandon(pending, why));
    }

    /** Whether this run holds a lease now: only then may its requests carry the admin-key header. */
    public boolean holds(String runId) {
        return runId != null && holders.holds(runId);
    }

    /** Records one HTTP request a leased run made under the key. */
    public void recordRequest(String runId, String method, String path, int status) {
        Lease lease = holders.get(runId);
        if (lease != null) {
            audit.lease("request", lease, null, method + " " + path + " " + status);
        }
    }

    /**
     * Ends the run's hold and waits for the DELETE it queued, if any; see {@link #releaseLater}.
     *
     * @return a warning for the run's log when the key was lost during the run (a renewal failed past its expiry),
     *         else null
     */
    public String release(Lease lease) {
        CompletableFuture<Void> off = letGo(lease);
        String lost = holders.takeKeyLost(lease.runId());
        if (off != null) {
            KeyCalls.await(off);
        }
        return lost;
    }

    /**
     * Ends the run's hold without waiting for Confluence; the last holder out disables the key (after the linger, if
     * one is configured): the DELETE queues on the key-call thread.
     *
     * @return completes once that DELETE ended (a failure is logged), at once when there is none to make, with a
     *         warning for the run's log when the key was lost during the run (a renewal failed past its expiry), else
     *         null
     */
    public CompletableFuture<String> releaseLater(Lease lease) {
        CompletableFuture<Void> off = letGo(lease);
        String lost = holders.takeKeyLost(lease.runId());
        if (off == null) {
            return CompletableFuture.completedFuture(lost);
        }
        return off.handle((done, e) -> {
            if (e != null) {
                LOG.error("could not disable the admin key of {} after run {}", site.name(), lease.runId(), e);
            }
            return lost;
        });
    }

    /** Removes the run's hold; returns the DELETE queued when it was the last holder, else null. */
    private CompletableFuture<Void> letGo(Lease lease) {
        return holders.underLock(() -> {
            holders.remove(lease.runId());
            Instant now = site.now();
            boolean lingers = !policy.linger().isZero() && !closed;
            boolean last = site.locked(now, row -> {
                row.release(lease.id(), now);
                boolean none = row.active().isEmpty() && row.state() != KeyState.DISABLED;
                if (none && !lingers) {
                    row.write(KeyState.DISABLING, row.expiresAt(), now);
                }
                return none;
            });
            audit.lease("release", lease, null, null);
            if (!last) {
                return null;
            }
            if (lingers) {
                linger.until(now.plus(policy.linger()));
                return null;
            }
            return calls.queue(() -> {
                key.disableIfStillDisabling(null);
            });
        });
    }

    /** The leases this process's runs hold now. */
    public Collection<Lease> active() {
        return List.copyOf(holders.leases());
    }

    /** Every Warden process's active leases of this site, from the store (read without the row lock). */
    public List<ListedLease> listed() {
        return site.store().held(site.name()).stream().map(ListedLease::of).toList();
    }

    /**
     * The kill switch ({@link KillSwitch}): no request carries the admin-key header once it returns; it cancels every
     * leased run, refuses new leases until {@link #restore}, and DELETEs the key at once, beside any call Confluence
     * is still holding (an enable that ends later finds the switch on and disables the key again).
     *
     * @return whether Confluence confirmed the key off within a few seconds (else the DELETE failed or is still in
     *         flight, and is retried like any failed disable)
     */
    public boolean revokeAll(String actor) {
        return killSwitch.pull(actor);
    }

    /** Lifts the kill switch. */
    public void restore(String actor) {
        killSwitch.lift(actor);
    }

    public boolean revoked() {
        return killSwitch.pulled();
    }

    /** Retries a failed disable at once (an admin's request, or tests). */
    public void retryDisableNow() {
        calls.now(() -> key.disableIfStillDisabling("retry"));
    }

    /** One round of the ticker's upkeep, at once (tests). */
    void tick() {
        upkeep.tick();
    }

    /**
     * Stops the ticker and disables a key no run holds (a linger, an enable or a disable Confluence still holds), with
     * its own DELETE beside any key call in flight, waiting at most a few seconds for it; writes to the audit trail
     * ({@code stop}) what it did or could not do, and until when the key may stay on. Warden calls it once its runs
     * were stopped (they let go of the key first).
     */
    @Override
    public void close() {
        closed = true;
        upkeep.stop();
        linger.cancel();
        try {
            closing.close();
        } catch (RuntimeException e) {
            LOG.error("could not disable the admin key of {} while stopping: it stays on until it expires or the next "
                    + "start disables it", site.name(), e);
        }
    }

    private void refuseUnlessAllowed(String ruleId, String runId, int minutes, String requestId) {
        if (!policy.allowedRules().contains(ruleId)) {
            throw audit.refusal("NOT_ALLOWED", "rule " + ruleId + " may not use the admin key: an admin must list it "
                    + "in adminKey.allowedRules (WARDEN_ADMIN_KEY_ALLOWED_RULES)", ruleId, runId, requestId);
        }
        if (minutes > policy.maxMinutes()) {
            throw audit.refusal("TOO_LONG", "rule " + ruleId + " asks for the admin key for " + minutes + " minutes; "
                    + "this site allows at most " + policy.maxMinutes() + " (adminKey.maxMinutes)", ruleId, runId,
                    requestId);
        }
    }
}
