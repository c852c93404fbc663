package dev.warden.scheduling;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.PriorityQueue;

import org.quartz.CronTrigger;
import org.quartz.Trigger;

import dev.warden.rules.RuleDefinition;
import dev.warden.rules.TriggerTimes;
import dev.warden.scheduling.internal.QuartzTriggers;

/**
 * The next fire times of a rule, computed by Quartz exactly as the scheduler will fire them: from the rule's file
 * ({@code warden schedule}, no server needed) or from the triggers in Quartz's store (the API).
 */
public final class SchedulePreview {

    private SchedulePreview() {
    }

    /** The first {@code count} fires at or after {@code from}, of all the rule's cron and every triggers. */
    public static List<PlannedFire> next(RuleDefinition rule, ZoneId serverZone, Instant from, int count) {
        List<Trigger> triggers = new ArrayList<>();
        for (dev.warden.rules.Trigger t : rule.triggers()) {
            if (t.isScheduled()) {
                org.quartz.spi.OperableTrigger trigger = QuartzTriggers.build(rule.id(), t, serverZone, from);
                if (trigger != null) {
                    QuartzTriggers.firstFire(trigger);
                    triggers.add(trigger);
                }
            }
        }
        return next(triggers, serverZone, count);
    }

    /**
     * Why the cron or every trigger will not fire at or after {@code from}, or null when it will: its endAt has
     * passed, no fire is left before its endAt, or it never fires again (none at or after its startAt).
     *
     * @throws IllegalArgumentException when the trigger cannot be scheduled at all
     */
    public static String noFurtherFires(String ruleId, dev.warden.rules.Trigger t, ZoneId serverZone, Instant from) {
        org.quartz.spi.OperableTrigger trigger = QuartzTriggers.build(ruleId, t, serverZone, from);
        if (trigger != null && QuartzTriggers.firstFire(trigger) != null) {
            return null;
        }
        ZoneId zone = QuartzTriggers.zone(t, serverZone);
        if (t.endAt() != null && !TriggerTimes.parse(t.endAt(), zone).isAfter(from)) {
            return "ended: its endAt " + t.endAt() + " has passed";
        }
        if (t.endAt() != null) {
            return "ended: no fire is left before its endAt " + t.endAt();
        }
        return "never fires again" + (t.startAt() == null ? "" : " (none at or after its startAt " + t.startAt() + ")");
    }

    /** The first {@code count} fires of Quartz triggers, from each one's next fire time (none when it has none). */
    static List<PlannedFire> next(List<? extends Trigger> triggers, ZoneId serverZone, int count) {
        record Cursor(Trigger trigger, ZoneId zone, String name, Date at) {
        }
        PriorityQueue<Cursor> queue = new PriorityQueue<>(Comparator.comparing(Cursor::at));
        for (Trigger t : triggers) {
            Date first = t.getNextFireTime();
            if (first == null) {
                continue;
            }
            ZoneId zone = t instanceof CronTrigger cron ? cron.getTimeZone().toZoneId() : serverZone;
            String name = t.getJobDataMap().getString(QuartzTriggers.NAME);
            queue.add(new Cursor(t, zone, name, first));
        }
        List<PlannedFire> fires = new ArrayList<>();
        while (fires.size() < count && !queue.isEmpty()) {
            Cursor c = queue.poll();
            Instant at = c.at().toInstant();
            fires.add(new PlannedFire(c.name(), c.zone().getId(), at.atZone(c.zone()).toOffsetDateTime(), at));
            Date after = c.trigger().getFireTimeAfter(c.at());
            if (after != null) {
                queue.add(new Cursor(c.trigger(), c.zone(), c.name(), after));
            }
        }
        return fires;
    }
}
