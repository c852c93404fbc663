package dev.warden.scheduling;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.impl.matchers.GroupMatcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.warden.config.WardenConfig;
import dev.warden.rules.LoadedRule;
import dev.warden.rules.RuleCatalog;
import dev.warden.rules.RuleProblem;
import dev.warden.runs.Run;
import dev.warden.runs.RunService;
import dev.warden.scheduling.internal.FireGate;
import dev.warden.scheduling.internal.FireJob;
import dev.warden.scheduling.internal.MisfireListener;
import dev.warden.scheduling.internal.QuartzFactory;
import dev.warden.scheduling.internal.QuartzTables;
import dev.warden.scheduling.internal.QuartzTriggers;
import dev.warden.scheduling.internal.ScheduleSync;
import dev.warden.scheduling.internal.WaitingFires;
import dev.warden.store.Database;

/**
 * Fires the cron and every triggers of the catalog's enabled rules on Quartz, with Quartz's store in Warden's
 * database, and turns each fire into a run through {@link RunService#submit}.
 *
 * <p>Lifecycle: {@link #start} recovers the runs stopped instances left behind, brings Quartz's store in line with
 * the rules, then starts firing; every catalog change or enable/disable syncs the store again; {@link #close} stops
 * firing. On PostgreSQL the store is clustered: every instance on the database fires each schedule once between
 * them, and survivors take over the schedules and the orphaned runs of an instance that dies. Thread-safe.
 */
public final class RuleScheduler implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RuleScheduler.class);

    private final RuleCatalog catalog;
    private final RunService runs;
    private final Clock clock;
    private final ZoneId zone;
    private final QuartzFactory.Quartz quartz;
    private final RuleStateStore states;
    private final QuartzTables tables;
    private final ScheduleSync sync;
    private final FireGate gate;
    private final MisfireListener misfires;
    private final ScheduledExecutorService background = Executors.newSingleThreadScheduledExecutor(r ->
            Thread.ofPlatform().daemon().name("warden-schedules").unstarted(r));
    private volatile boolean outOfSync;
    private volatile boolean closed;
    /** Whether this instance's own waiting fires from before the start have been taken up. */
    private volatile boolean restored;

    private RuleScheduler(WardenConfig config, Database database, RuleCatalog catalog, RunService runs, Clock clock) {
        this.catalog = catalog;
        this.runs = runs;
        this.clock = clock;
        this.zone = config.zone();
        this.states = new RuleStateStore(database.dataSource());
        this.tables = new QuartzTables(database.dataSource(), clock);
        this.gate = new FireGate(catalog, runs, new WaitingFires(database.dataSource(), runs.store().instanceId()),
                clock);
        this.misfires = new MisfireListener(catalog, runs, gate, clock);
        this.quartz = QuartzFactory.create(database, config.schedules(), runs.store().instanceId());
        this.sync = new ScheduleSync(quartz.scheduler(), zone, clock);
        try {
            Scheduler scheduler = quartz.scheduler();
            scheduler.setJobFactory((bundle, s) -> new FireJob(gate));
            scheduler.getListenerManager().addTriggerListener(misfires,
                    GroupMatcher.triggerGroupEquals(QuartzTriggers.GROUP));
        } catch (SchedulerException e) {
            quartz.close();
            throw new IllegalStateException("cannot set up Quartz: " + e.getMessage(), e);
        }
    }

    /** Recovers orphaned runs, schedules the catalog's rules and starts firing. */
    public static RuleScheduler start(WardenConfig config, Database database, RuleCatalog catalog, RunService runs,
                                      Clock clock) {
        RuleScheduler scheduler = new RuleScheduler(config, database, catalog, runs, clock);
        runs.confirmStarts(scheduler.quartz.clustered());
        try {
            scheduler.recoverRuns();
            scheduler.sync();
            catalog.onChange(snapshot -> scheduler.syncLater());
            scheduler.quartz.scheduler().start();
        } catch (SchedulerException | RuntimeException e) {
            scheduler.close();
            throw new IllegalStateException("cannot start the schedules: " + e.getMessage(), e);
        }
        scheduler.background.scheduleWithFixedDelay(scheduler::tick, 1, 1, TimeUnit.SECONDS);
        if (scheduler.quartz.clustered()) {
            scheduler.background.scheduleWithFixedDelay(scheduler::recoverRunsQuietly, 10, 10, TimeUnit.SECONDS);
        }
        return scheduler;
    }

    public boolean clustered() {
        return quartz.clustered();
    }

    /** The server's zone: cron triggers without a zone of their own, and every(), read times in it. */
    public ZoneId zone() {
        return zone;
    }

    public boolean isEnabled(String ruleId) {
        return states.isEnabled(ruleId);
    }

    /**
     * Enables or disables the rule on every instance; a disabled rule keeps no trigger in Quartz's store. Once the
     * state is written this does not fail: should Quartz's store not take the change at once, it is retried every
     * second in the background (and the other instances apply it at their next sync anyway).
     */
    public void setEnabled(String ruleId, boolean enabled) {
        states.setEnabled(ruleId, enabled, clock.instant());
        try {
            sync();
        } catch (RuntimeException e) {
            LOG.warn("{} rule {}: updating Quartz's store failed, trying again in a second: {}",
                    enabled ? "enabling" : "disabling", ruleId, e.getMessage());
        }
    }

    /** The schedule triggers that cannot be scheduled (and so never fire), each at its place in its rule file. */
    public List<RuleProblem> problems() {
        return sync.problems();
    }

    public Set<String> disabled() {
        return states.disabled();
    }

    /** The next fires of the rule as Quartz has them stored (none when disabled or not scheduled). */
    public List<PlannedFire> next(String ruleId, int count) {
        try {
            return SchedulePreview.next(quartz.scheduler().getTriggersOfJob(QuartzTriggers.jobKey(ruleId)), zone,
                    count);
        } catch (SchedulerException e) {
            throw new IllegalStateException("cannot read the triggers of " + ruleId + ": " + e.getMessage(), e);
        }
    }

    /**
     * The rule's cron and every triggers that fire no more (their window has ended, or they never fire again), each
     * as {@code {trigger, reason}}; Quartz's store holds none of them.
     */
    public List<Map<String, String>> ended(String ruleId) {
        LoadedRule rule = catalog.rule(ruleId);
        List<Map<String, String>> ended = new java.util.ArrayList<>();
        if (rule == null) {
            return ended;
        }
        Instant now = clock.instant();
        for (dev.warden.rules.Trigger t : rule.definition().triggers()) {
            if (t.isScheduled()) {
                String reason;
                try {
                    reason = SchedulePreview.noFurtherFires(ruleId, t, zone, now);
                } catch (RuntimeException e) {
                    continue; // listed among the problems instead
                }
                if (reason != null) {
                    ended.add(Map.of("trigger", t.describe(), "reason", reason));
                }
            }
        }
        return ended;
    }

    /** A summary for each loaded rule that has a cron or every trigger, by rule id. */
    public Map<String, ScheduleSummary> summaries() {
        Map<String, Instant> next = tables.nextFires();
        Map<String, Run> last = runs.store().lastScheduled();
        Map<String, ScheduleSummary> summaries = new LinkedHashMap<>();
        for (LoadedRule rule : catalog.rules()) {
            if (rule.definition().isScheduled()) {
                Run run = last.get(rule.id());
                summaries.put(rule.id(), new ScheduleSummary(run == null ? null : run.createdAt(),
                        run == null ? null : run.status(), run == null ? null : run.id(), next.get(rule.id())));
            }
        }
        return summaries;
    }

    private synchronized void sync() {
        if (closed) {
            return;
        }
        try {
            sync.apply(catalog.rules(), states.disabled());
            outOfSync = false;
        } catch (SchedulerException | RuntimeException e) {
            outOfSync = true;
            throw new IllegalStateException("cannot update Quartz's store: " + e.getMessage(), e);
        }
    }

    private void syncLater() {
        outOfSync = true;
        if (!closed) {
            background.execute(this::tick);
        }
    }

    private void tick() {
        try {
            if (outOfSync) {
                sync();
            }
            gate.drainAll();
            misfires.logMisfires();
        } catch (RuntimeException e) {
            LOG.warn("updating the schedules failed; trying again in a second", e);
        }
    }

    /**
     * Recovers the runs and takes up the waiting fires of stopped instances (at start-up, this instance's own from
     * before too); alone on its database, every other instance id there is a stopped one.
     */
    private void recoverRuns() {
        if (quartz.clustered()) {
            Set<String> live = tables.liveInstances();
            runs.recover(live::contains);
            gate.restore(!restored, instance -> !live.contains(instance));
        } else {
            runs.recover();
            gate.restore(!restored, instance -> true);
        }
        restored = true;
    }

    private void recoverRunsQuietly() {
        try {
            recoverRuns();
        } catch (RuntimeException e) {
            LOG.warn("recovering the runs of stopped instances failed; trying again later", e);
        }
    }

    @Override
    public void close() {
        closed = true;
        background.shutdownNow();
        try {
            quartz.close();
        } finally {
            gate.close();
        }
    }
}
