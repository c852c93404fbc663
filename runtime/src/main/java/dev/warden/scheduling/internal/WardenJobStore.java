package dev.warden.scheduling.internal;

import java.sql.Connection;
import java.util.Date;

import org.quartz.JobPersistenceException;
import org.quartz.SchedulerConfigException;
import org.quartz.impl.jdbcjobstore.Constants;
import org.quartz.impl.jdbcjobstore.JobStoreTX;
import org.quartz.spi.ClassLoadHelper;
import org.quartz.spi.OperableTrigger;
import org.quartz.spi.SchedulerSignaler;
import org.quartz.spi.TriggerFiredBundle;

/**
 * Quartz's JDBC job store, with one more way for a fire to be missed: a fire that is more than
 * {@link #BACKLOG_TOLERANCE} late while the trigger's next fire is already due as well.
 *
 * <p>Quartz only calls a fire missed when it is later than the misfire threshold, and computes each next fire from
 * the previous one. After a stop shorter than the threshold (or a stall of the whole process), each of the fires
 * that fell due is under the threshold late, so Quartz replayed them one after the other, ignoring the rule's misfire
 * policy. Here such a backlog is treated the way Quartz treats a misfire, in the same transaction and under the
 * same lock (so on one instance of a cluster): the trigger listeners hear of it ({@link MisfireListener} records
 * one MISSED record and, for {@code run-once}, one catch-up), and the trigger moves to its first fire after now.
 *
 * <p>A single late fire (one fire due, the next still ahead) is not a backlog: a busy Warden firing 10,000
 * once-a-minute rules seconds late fires every one of them (BENCHMARKS.md, "Schedules").
 */
public final class WardenJobStore extends JobStoreTX {

    /** A fire at most this late is never part of a backlog: fast triggers on a busy machine run as usual. */
    static final long BACKLOG_TOLERANCE = 5_000;

    private SchedulerSignaler signaler;

    @Override
    public void initialize(ClassLoadHelper loadHelper, SchedulerSignaler signaler) throws SchedulerConfigException {
        this.signaler = signaler;
        super.initialize(loadHelper, signaler);
    }

    @Override
    protected TriggerFiredBundle triggerFired(Connection conn, OperableTrigger trigger)
            throws JobPersistenceException {
        long now = System.currentTimeMillis();
        if (isBacklog(trigger, now, Math.min(BACKLOG_TOLERANCE, getMisfireThreshold()))
                && Constants.STATE_ACQUIRED.equals(state(conn, trigger))) {
            missed(conn, trigger);
            // No bundle: Quartz releases the acquisition and fires nothing; the trigger now waits for its next fire.
            return null;
        }
        return super.triggerFired(conn, trigger);
    }

    /** Whether the fire due is more than the tolerance late and the fire after it is due already too. */
    static boolean isBacklog(org.quartz.Trigger trigger, long now, long tolerance) {
        Date due = trigger.getNextFireTime();
        if (due == null || now - due.getTime() <= tolerance) {
            return false;
        }
        Date after = trigger.getFireTimeAfter(due);
        return after != null && after.getTime() <= now;
    }

    private String state(Connection conn, OperableTrigger trigger) throws JobPersistenceException {
        try {
            return getDelegate().selectTriggerState(conn, trigger.getKey());
        } catch (java.sql.SQLException e) {
            throw new JobPersistenceException("cannot read the state of " + trigger.getKey() + ": "
                    + e.getMessage(), e);
        }
    }

    /** What Quartz does with a misfired trigger (JobStoreSupport.doUpdateOfMisfiredTrigger, which is private). */
    private void missed(Connection conn, OperableTrigger trigger) throws JobPersistenceException {
        org.quartz.Calendar calendar = trigger.getCalendarName() == null ? null
                : retrieveCalendar(conn, trigger.getCalendarName());
        signaler.notifyTriggerListenersMisfired(trigger);
        trigger.updateAfterMisfire(calendar);
        if (trigger.getNextFireTime() == null) {
            storeTrigger(conn, trigger, null, true, Constants.STATE_COMPLETE, true, false);
            signaler.notifySchedulerListenersFinalized(trigger);
        } else {
            storeTrigger(conn, trigger, null, true, Constants.STATE_WAITING, true, false);
        }
    }
}
