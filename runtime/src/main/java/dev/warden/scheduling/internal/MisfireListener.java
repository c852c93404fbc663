package dev.warden.scheduling.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicInteger;

import org.quartz.JobExecutionContext;
import org.quartz.Trigger;
import org.quartz.Trigger.CompletedExecutionInstruction;
import org.quartz.TriggerListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.warden.rules.LoadedRule;
import dev.warden.rules.MisfirePolicy;
import dev.warden.rules.RuleCatalog;
import dev.warden.runs.RunService;
import dev.warden.runs.RunStatus;
import dev.warden.runs.TriggerEvent;

/**
 * Applies a rule's misfire policy. Quartz calls it, under its store lock and so on one instance only, when a trigger
 * is later than the misfire threshold, or is a backlog of fires ({@link WardenJobStore}), before moving the trigger
 * to its next fire time: the fires missed are
 * recorded as one MISSED record, and {@code run-once} starts one catch-up run for the latest of them.
 */
public final class MisfireListener implements TriggerListener {

    private static final Logger LOG = LoggerFactory.getLogger(MisfireListener.class);
    /** Counting stops here: a year of every('1s') downtime is reported as "100000 or more". */
    private static final int MAX_COUNTED = 100_000;

    private final RuleCatalog catalog;
    private final RunService runs;
    private final FireGate gate;
    private final Clock clock;
    private final AtomicInteger unlogged = new AtomicInteger();
    private volatile String lastRule;

    public MisfireListener(RuleCatalog catalog, RunService runs, FireGate gate, Clock clock) {
        this.catalog = catalog;
        this.runs = runs;
        this.gate = gate;
        this.clock = clock;
    }

    @Override
    public String getName() {
        return "warden-misfires";
    }

    @Override
    public void triggerMisfired(Trigger trigger) {
        try {
            handle(trigger);
        } catch (RuntimeException e) {
            // Never let a recording failure abort Quartz's misfire transaction: the schedule must move on.
            LOG.error("recording the misfire of {} failed", trigger.getKey(), e);
        }
    }

    private void handle(Trigger trigger) {
        String ruleId = trigger.getJobKey().getName();
        Instant now = clock.instant();
        Date first = trigger.getNextFireTime();
        Date last = first;
        int missed = 1;
        for (Date next = trigger.getFireTimeAfter(first); next != null && !next.toInstant().isAfter(now)
                && missed < MAX_COUNTED; next = trigger.getFireTimeAfter(next)) {
            last = next;
            missed++;
        }
        String type = trigger.getJobDataMap().getString(QuartzTriggers.TYPE);
        String name = trigger.getJobDataMap().getString(QuartzTriggers.NAME);
        LoadedRule rule = catalog.rule(ruleId);
        MisfirePolicy policy = rule == null ? MisfirePolicy.SKIP : rule.definition().misfire();
        String count = missed >= MAX_COUNTED ? MAX_COUNTED + " or more fires"
                : missed == 1 ? "1 fire" : missed + " fires";
        LOG.debug("{} of rule {} missed {} from {} to {}; misfire '{}'", name, ruleId, count, first.toInstant(),
                last.toInstant(), policy.jsName());
        lastRule = ruleId;
        unlogged.incrementAndGet();
        runs.recordNotRun(ruleId, TriggerEvent.scheduled(type, name, now, first.toInstant(), false), RunStatus.MISSED,
                "MISSED", count + " from " + first.toInstant() + " to " + last.toInstant() + " did not run in time "
                        + "(Warden was down or too busy); misfire '" + policy.jsName() + "' "
                        + (policy == MisfirePolicy.RUN_ONCE ? "runs one catch-up now" : "runs none of them"));
        if (policy == MisfirePolicy.RUN_ONCE) {
            gate.fire(ruleId, TriggerEvent.scheduled(type, name, now, last.toInstant(), true));
        }
    }

    /**
     * Logs how many triggers missed fires since the last call; called every second, so that after downtime the
     * thousands of misfires of a large installation make one log line per second, not one per trigger.
     */
    public void logMisfires() {
        int count = unlogged.getAndSet(0);
        if (count > 0) {
            LOG.warn("{} trigger(s) missed fires (the last of rule {}); GET /api/v1/runs?status=MISSED lists them",
                    count, lastRule);
        }
    }

    @Override
    public void triggerFired(Trigger trigger, JobExecutionContext context) {
    }

    @Override
    public boolean vetoJobExecution(Trigger trigger, JobExecutionContext context) {
        return false;
    }

    @Override
    public void triggerComplete(Trigger trigger, JobExecutionContext context,
                                CompletedExecutionInstruction instruction) {
    }
}
