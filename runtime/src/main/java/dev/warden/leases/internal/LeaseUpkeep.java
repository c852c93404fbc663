package dev.warden.leases.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.warden.leases.KeyState;
import dev.warden.leases.Lease;

/**
 * The lease manager's ticker, every second: stamps this process's leases as alive, stops runs that hold the key past
 * their minutes plus timeout, then on the key-call thread ({@link KeyCalls}, one round at a time) releases dead
 * holders' leases, follows a kill switch pulled by another process, retries a pending disable, ends a linger, renews
 * the key and watches for a late enable. Lifecycle: {@link #start}, {@link #stop}. Thread-safe.
 */
public final class LeaseUpkeep {

    private static final Logger LOG = LoggerFactory.getLogger(LeaseUpkeep.class);
    /** How often this process stamps its leases as alive, and how often it looks for dead holders' leases. */
    private static final Duration HEARTBEAT_EVERY = Duration.ofSeconds(10);

    private final LeaseSite site;
    private final Holders holders;
    private final KeyCalls calls;
    private final SiteKey key;
    private final LeaseAudit audit;
    private final Consumer<String> cancelRun;
    private final KillSwitch killSwitch;
    private final DeadHolders deadHolders;
    private final Linger linger;
    private final Renewal renewal;
    private final LateEnableWatch lateEnables;
    private final AtomicBoolean upkeepRunning = new AtomicBoolean();
    /** The runs whose overrun has been audited. */
    private final java.util.Set<String> overrunsAudited = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r ->
            Thread.ofPlatform().daemon().name("warden-leases").unstarted(r));
    private volatile Instant nextHeartbeat = Instant.MIN;
    private volatile Instant nextStaleCheck = Instant.MIN;

    public LeaseUpkeep(LeaseSite site, Holders holders, KeyCalls calls, SiteKey key, LeaseAudit audit,
                       Consumer<String> cancelRun, KillSwitch killSwitch, DeadHolders deadHolders, Linger linger,
                       Renewal renewal, LateEnableWatch lateEnables) {
        this.site = site;
        this.holders = holders;
        this.calls = calls;
        this.key = key;
        this.audit = audit;
        this.cancelRun = cancelRun;
        this.killSwitch = killSwitch;
        this.deadHolders = deadHolders;
        this.linger = linger;
        this.renewal = renewal;
        this.lateEnables = lateEnables;
    }

    public void start() {
        ticker.scheduleWithFixedDelay(() -> round(false), 1, 1, TimeUnit.SECONDS);
    }

    public void stop() {
        ticker.shutdownNow();
    }

    /** One round of upkeep, returning once its key calls are done (tests; the ticker does not wait for them). */
    public void tick() {
        round(true);
    }

    /**
     * Heartbeat and overrun on the ticker itself, so that a key call hanging on Confluence holds up neither; the rest
     * queued with the key calls, one round at a time.
     */
    private void round(boolean waitForKeyCalls) {
        Instant start = site.now();
        if (!holders.isEmpty() && !start.isBefore(nextHeartbeat)) {
            try {
                site.store().heartbeat(site.name(), site.instanceId(), start);
                nextHeartbeat = start.plus(HEARTBEAT_EVERY);
            } catch (RuntimeException e) {
                LOG.warn("could not record the lease heartbeat; retrying in a second", e);
            }
        }
        Instant now = site.now();
        java.util.Collection<Lease> held = holders.leases();
        overrunsAudited.retainAll(held.stream().map(Lease::runId).toList());
        for (Lease lease : held) {
            if (now.isAfter(lease.holdUntil())) {
                // Audited once per run; the cancel is repeated until the run lets go (one stuck in a host call).
                if (overrunsAudited.add(lease.runId())) {
                    audit.lease("overrun", lease, null, "held past its declared minutes plus timeout; stopping the "
                            + "run");
                }
                cancelRun.accept(lease.runId());
            }
        }
        // The rest may call Confluence: it queues with the other key calls, and one round at a time.
        if (upkeepRunning.compareAndSet(false, true)) {
            if (waitForKeyCalls) {
                try {
                    calls.now(this::upkeep);
                } finally {
                    upkeepRunning.set(false);
                }
            } else {
                calls.queue(this::upkeep).whenComplete((done, failed) -> upkeepRunning.set(false));
            }
        }
    }

    private void upkeep() {
        try {
            Instant now = site.now();
            if (!now.isBefore(nextStaleCheck)) {
                nextStaleCheck = now.plus(HEARTBEAT_EVERY);
                deadHolders.release(now);
            }
            SiteKey.Recorded row = key.recorded();
            if (row.revokedAll() && !holders.isEmpty()) {
                killSwitch.pulledElsewhere();
            }
            if (row.state() == KeyState.DISABLING) {
                if (key.disableRetryDue(now)) {
                    key.disable("disable", "retry");
                }
                return;
            }
            if (linger.endedBy(now) && holders.isEmpty()) {
                linger.cancel();
                key.disableIfUnheld(now, "linger over");
                return;
            }
            renewal.renewIfDue(row, now);
            lateEnables.check(row, now);
        } catch (RuntimeException e) {
            LOG.warn("lease upkeep failed; retrying in a second", e);
        }
    }
}
