package dev.warden.scheduling.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Date;

import org.junit.jupiter.api.Test;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.spi.OperableTrigger;

/** Which late fires are a backlog (handled as a misfire) and which still run: the rule of WardenJobStore. */
class WardenJobStoreTest {

    private static final long NOW = 1_800_000_000_000L;

    /** A trigger every {@code seconds}, whose next fire was due {@code lateMillis} before NOW. */
    private static Trigger due(int seconds, long lateMillis) {
        OperableTrigger t = (OperableTrigger) TriggerBuilder.newTrigger()
                .startAt(new Date(NOW - lateMillis - 3_600_000))
                .withSchedule(SimpleScheduleBuilder.simpleSchedule().withIntervalInSeconds(seconds).repeatForever())
                .build();
        t.setNextFireTime(new Date(NOW - lateMillis));
        return t;
    }

    @Test
    void aOnceAMinuteFireSeventeenSecondsLateOnABusyMachineIsNoBacklog() {
        assertThat(WardenJobStore.isBacklog(due(60, 17_000), NOW, WardenJobStore.BACKLOG_TOLERANCE)).isFalse();
    }

    @Test
    void aFastTriggerAFewSecondsBehindIsNoBacklogWithinTheTolerance() {
        assertThat(WardenJobStore.isBacklog(due(1, 4_000), NOW, WardenJobStore.BACKLOG_TOLERANCE)).isFalse();
    }

    @Test
    void aFireLateBeyondTheToleranceWithTheNextOneDueTooIsABacklog() {
        assertThat(WardenJobStore.isBacklog(due(2, 59_000), NOW, WardenJobStore.BACKLOG_TOLERANCE)).isTrue();
        assertThat(WardenJobStore.isBacklog(due(2, 6_000), NOW, WardenJobStore.BACKLOG_TOLERANCE)).isTrue();
    }
}
