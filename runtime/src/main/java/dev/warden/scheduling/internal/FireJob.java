package dev.warden.scheduling.internal;

import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.warden.runs.TriggerEvent;

/**
 * The Quartz job of every scheduled rule: hands the fire to the {@link FireGate} and returns, so a Quartz thread is
 * busy for a couple of database writes, never for the rule's run. Quartz stores this class's name with each job.
 */
public final class FireJob implements Job {

    private static final Logger LOG = LoggerFactory.getLogger(FireJob.class);

    private final FireGate gate;

    public FireJob(FireGate gate) {
        this.gate = gate;
    }

    @Override
    public void execute(JobExecutionContext context) {
        String ruleId = context.getJobDetail().getKey().getName();
        var data = context.getTrigger().getJobDataMap();
        try {
            gate.fire(ruleId, TriggerEvent.scheduled(data.getString(QuartzTriggers.TYPE),
                    data.getString(QuartzTriggers.NAME), context.getFireTime().toInstant(),
                    context.getScheduledFireTime().toInstant(), false));
        } catch (RuntimeException e) {
            // Quartz would only log it too; naming the rule makes the log line useful.
            LOG.error("the fire of {} for rule {} failed", context.getTrigger().getKey(), ruleId, e);
        }
    }
}
