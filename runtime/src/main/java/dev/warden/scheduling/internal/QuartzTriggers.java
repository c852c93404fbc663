package dev.warden.scheduling.internal;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Date;
import java.util.TimeZone;

import org.quartz.CronScheduleBuilder;
import org.quartz.JobKey;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.quartz.spi.OperableTrigger;

import dev.warden.rules.Durations;
import dev.warden.rules.Trigger;
import dev.warden.rules.TriggerTimes;
import dev.warden.rules.TriggerType;
import dev.warden.rules.internal.RuleCompiler;

/**
 * Turns a rule's cron or every trigger into the Quartz trigger that runs it, keyed by what the trigger means, so an
 * unchanged trigger keeps its key (and its place in the store) across reloads and restarts.
 *
 * <p>Every trigger uses Quartz's "do nothing" misfire instruction: Quartz moves a late trigger to its next fire
 * time, and {@link MisfireListener} applies the rule's own misfire policy. every() counts from its startAt, or from
 * 1970-01-01T00:00Z, so its fire times do not depend on when Warden started.
 */
public final class QuartzTriggers {

    /** The Quartz group of every job and trigger Warden owns. */
    public static final String GROUP = "warden";
    /** Job data of each trigger: its type (cron, every) and its description, as the rule's event names them. */
    public static final String TYPE = "type";
    public static final String NAME = "name";

    private QuartzTriggers() {
    }

    public static JobKey jobKey(String ruleId) {
        return JobKey.jobKey(ruleId, GROUP);
    }

    /** The zone a trigger's times are read in: its own, or the server's. */
    public static ZoneId zone(Trigger trigger, ZoneId serverZone) {
        return trigger.zone() != null ? ZoneId.of(trigger.zone()) : serverZone;
    }

    /**
     * The Quartz trigger for one of the rule's schedule triggers, with its first fire at or after {@code now}, or
     * null when its window has ended (its endAt is not after now, or after the first fire it would have).
     *
     * @throws IllegalArgumentException for a trigger that is not cron or every, or whose times Quartz cannot hold
     */
    public static OperableTrigger build(String ruleId, Trigger trigger, ZoneId serverZone, Instant now) {
        ZoneId zone = zone(trigger, serverZone);
        Instant startAt = trigger.startAt() == null ? null : TriggerTimes.parse(trigger.startAt(), zone);
        Instant endAt = trigger.endAt() == null ? null : TriggerTimes.parse(trigger.endAt(), zone);
        TriggerBuilder<org.quartz.Trigger> builder = TriggerBuilder.newTrigger()
                .withIdentity(key(ruleId, trigger, serverZone))
                .forJob(jobKey(ruleId))
                .usingJobData(TYPE, trigger.type().jsName())
                .usingJobData(NAME, trigger.describe());
        if (endAt != null) {
            builder.endAt(Date.from(endAt));
        }
        if (trigger.type() == TriggerType.CRON) {
            // A start in the past would make the first fire a misfire at once; the window only ever opens later.
            Instant start = startAt != null && startAt.isAfter(now) ? startAt : now;
            if (endAt != null && !endAt.isAfter(start)) {
                return null;
            }
            return (OperableTrigger) builder.startAt(Date.from(start))
                    .withSchedule(CronScheduleBuilder.cronSchedule(trigger.expression())
                            .inTimeZone(TimeZone.getTimeZone(zone))
                            .withMisfireHandlingInstructionDoNothing())
                    .build();
        }
        if (trigger.type() == TriggerType.EVERY) {
            Duration interval = Durations.parse(trigger.interval());
            Instant anchor = startAt != null ? startAt : Instant.EPOCH;
            Instant first;
            long step;
            try {
                step = interval.toMillis();
                first = firstAtOrAfter(anchor, interval, now);
            } catch (ArithmeticException | java.time.DateTimeException e) {
                throw new IllegalArgumentException("every('" + trigger.interval() + "') is longer than Quartz can "
                        + "schedule", e);
            }
            if (endAt != null && first.isAfter(endAt)) {
                return null;
            }
            return (OperableTrigger) builder.startAt(Date.from(first))
                    .withSchedule(SimpleScheduleBuilder.simpleSchedule()
                            .withIntervalInMilliseconds(step)
                            .repeatForever()
                            .withMisfireHandlingInstructionNextWithRemainingCount())
                    .build();
        }
        throw new IllegalArgumentException(trigger.describe() + " is not a schedule");
    }

    /** The first fire time of the trigger, or null when it will never fire again (its endAt has passed). */
    public static Date firstFire(OperableTrigger trigger) {
        return trigger.computeFirstFireTime(null);
    }

    static Instant firstAtOrAfter(Instant anchor, Duration interval, Instant now) {
        if (!anchor.isBefore(now)) {
            return anchor;
        }
        long step = interval.toMillis();
        long periods = Math.ceilDiv(now.toEpochMilli() - anchor.toEpochMilli(), step);
        return anchor.plusMillis(Math.multiplyExact(periods, step));
    }

    /**
     * The rule id and a hash of everything that decides the fire times, including the zone the trigger resolves to
     * (so changing the server's zone reschedules cron triggers that rely on it).
     */
    static TriggerKey key(String ruleId, Trigger trigger, ZoneId serverZone) {
        String meaning = String.join("|", trigger.type().jsName(), String.valueOf(trigger.expression()),
                String.valueOf(trigger.interval()), zone(trigger, serverZone).getId(),
                String.valueOf(trigger.startAt()), String.valueOf(trigger.endAt()));
        return TriggerKey.triggerKey(ruleId + "/" + RuleCompiler.hash(meaning.getBytes(StandardCharsets.UTF_8)), GROUP);
    }

    /** The rule id of a Warden trigger key. */
    static String ruleId(TriggerKey key) {
        return key.getName().substring(0, key.getName().lastIndexOf('/'));
    }
}
