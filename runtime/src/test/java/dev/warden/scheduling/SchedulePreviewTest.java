package dev.warden.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.warden.rules.RuleDefinition;
import dev.warden.rules.SourceLocation;
import dev.warden.rules.Trigger;
import dev.warden.rules.TriggerType;

/** Fire times from a fixed instant: zones and DST as Quartz 2.5.2 computes them, which README documents. */
class SchedulePreviewTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    private static List<String> utc(List<Trigger> triggers, String from, int count) {
        RuleDefinition rule = new RuleDefinition("r", "", "r.js", "v1", triggers, null, Duration.ofSeconds(30),
                new SourceLocation("r.js", 1, 1));
        return SchedulePreview.next(rule, BERLIN, Instant.parse(from), count).stream()
                .map(f -> f.utc().toString()).toList();
    }

    private static Trigger cron(String expression, String zone) {
        return new Trigger(TriggerType.CRON, null, expression, zone, null, null, null, null);
    }

    private static Trigger every(String interval, String startAt, String endAt) {
        return new Trigger(TriggerType.EVERY, null, null, null, interval, startAt, endAt, null);
    }

    @Test
    void cronFiresAtTheSameWallTimeInItsZoneAcrossADstChange() {
        // New York moved to summer time on 2025-03-09: 09:00 local is 14:00Z before and 13:00Z after.
        assertThat(utc(List.of(cron("0 0 9 * * ?", "America/New_York")), "2025-03-07T12:00:00Z", 3))
                .containsExactly("2025-03-07T14:00:00Z", "2025-03-08T14:00:00Z", "2025-03-09T13:00:00Z");
    }

    @Test
    void cronWithoutAZoneUsesTheServerZone() {
        RuleDefinition rule = new RuleDefinition("r", "", "r.js", "v1", List.of(cron("0 0 8 * * ?", null)), null,
                Duration.ofSeconds(30), null);
        PlannedFire fire = SchedulePreview.next(rule, BERLIN, Instant.parse("2025-01-06T00:00:00Z"), 1).getFirst();
        assertThat(fire.zone()).isEqualTo("Europe/Berlin");
        assertThat(fire.at()).hasToString("2025-01-06T08:00+01:00");
        assertThat(fire.utc()).isEqualTo(Instant.parse("2025-01-06T07:00:00Z"));
    }

    @Test
    void springForwardSkipsAWallTimeThatDoesNotExistThatDay() {
        // Berlin jumps from 02:00 to 03:00 on 2025-03-30: there is no 02:30 that day, so no fire.
        assertThat(utc(List.of(cron("0 30 2 * * ?", "Europe/Berlin")), "2025-03-29T12:00:00Z", 2))
                .containsExactly("2025-03-31T00:30:00Z", "2025-04-01T00:30:00Z");
    }

    @Test
    void fallBackFiresARepeatedWallTimeOnceInItsSecondOccurrence() {
        // Berlin goes from 03:00 back to 02:00 on 2025-10-26: 02:30 happens twice; Quartz fires the later one.
        assertThat(utc(List.of(cron("0 30 2 * * ?", "Europe/Berlin")), "2025-10-25T12:00:00Z", 1))
                .containsExactly("2025-10-26T01:30:00Z");
        // Hourly: 01:00 summer time, then 02:00 winter time; the summer-time 02:00 hour is not fired.
        assertThat(utc(List.of(cron("0 0 * * * ?", "Europe/Berlin")), "2025-10-25T22:30:00Z", 3))
                .containsExactly("2025-10-25T23:00:00Z", "2025-10-26T01:00:00Z", "2025-10-26T02:00:00Z");
    }

    @Test
    void everyCountsFromTheEpochOrFromStartAtUntilEndAt() {
        assertThat(utc(List.of(every("15m", null, null)), "2025-01-06T10:07:00Z", 2))
                .containsExactly("2025-01-06T10:15:00Z", "2025-01-06T10:30:00Z");
        assertThat(utc(List.of(every("1m", "2025-01-01T00:00:20Z", "2025-01-06T10:10:00Z")), "2025-01-06T10:07:00Z",
                5)).containsExactly("2025-01-06T10:07:20Z", "2025-01-06T10:08:20Z", "2025-01-06T10:09:20Z");
        // A local startAt is read in the server's zone.
        assertThat(utc(List.of(every("1d", "2025-01-01T06:00", null)), "2025-01-06T10:07:00Z", 1))
                .containsExactly("2025-01-07T05:00:00Z");
    }

    @Test
    void cronWaitsForAStartAtInTheFutureAndSeveralTriggersMergeInTimeOrder() {
        Trigger later = new Trigger(TriggerType.CRON, null, "0 0 12 * * ?", "UTC", null, "2025-02-01T00:00:00Z", null,
                null);
        assertThat(utc(List.of(later, every("12h", "2025-01-01T06:00:00Z", null)), "2025-01-31T00:00:00Z", 5))
                .containsExactly("2025-01-31T06:00:00Z", "2025-01-31T18:00:00Z", "2025-02-01T06:00:00Z",
                        "2025-02-01T12:00:00Z", "2025-02-01T18:00:00Z");
    }

    @Test
    void aTriggerThatFiresNoMoreSaysWhetherItsEndAtPassedOrItNeverFiresAgain() {
        Instant now = Instant.parse("2026-12-07T12:00:00Z");
        Trigger noEndAt = new Trigger(TriggerType.CRON, null, "0 0 0 1 1 ? 2027", null, null, "2028-01-01", null,
                null);
        assertThat(SchedulePreview.noFurtherFires("r", noEndAt, BERLIN, now))
                .isEqualTo("never fires again (none at or after its startAt 2028-01-01)");
        assertThat(SchedulePreview.noFurtherFires("r", every("1h", null, "2026-01-01"), BERLIN, now))
                .isEqualTo("ended: its endAt 2026-01-01 has passed");
        Trigger berlin = new Trigger(TriggerType.CRON, null, "0 30 2 * * ?", "Europe/Berlin", null, "2026-03-01",
                "2026-03-31", null);
        assertThat(SchedulePreview.noFurtherFires("r", berlin, BERLIN, now))
                .isEqualTo("ended: its endAt 2026-03-31 has passed");
        assertThat(SchedulePreview.noFurtherFires("r", every("1h", null, null), BERLIN, now)).isNull();
        assertThat(utc(List.of(noEndAt, every("1h", null, "2026-01-01")), "2026-12-07T12:00:00Z", 5)).isEmpty();
    }
}
