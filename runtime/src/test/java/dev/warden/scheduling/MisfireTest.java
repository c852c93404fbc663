package dev.warden.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.warden.runs.Run;
import dev.warden.runs.RunQuery;
import dev.warden.runs.RunStatus;
import dev.warden.testing.ScheduleWarden;

/** Downtime is real: Warden is stopped for two seconds while an every('1s') schedule keeps coming due. */
class MisfireTest {

    @TempDir
    Path dir;
    ScheduleWarden warden;

    @AfterEach
    void tearDown() {
        warden.close();
    }

    private List<Run> runs(RunStatus status) {
        return warden.warden().runs().store().list(new RunQuery("tick", status, null, 500));
    }

    /** Records of fires scheduled while Warden was down: a busy machine may add late fires at other times. */
    private List<Run> forDowntime(List<Run> records, Instant stopped, Instant restarted) {
        return records.stream().filter(r -> r.trigger().scheduledFor().isAfter(stopped.minusSeconds(1))
                && r.trigger().scheduledFor().isBefore(restarted)).toList();
    }

    private Instant downtime(String misfire) throws InterruptedException {
        warden = new ScheduleWarden(dir).with("WARDEN_SCHEDULES_MISFIRE_THRESHOLD", "1s").write("tick.js", """
                import { rule, every } from 'warden';
                export default rule({ id: 'tick', misfire: '%s', triggers: [every('1s')], run: () => 'ok' });
                """.formatted(misfire)).start();
        ScheduleWarden.await(Duration.ofSeconds(10), "a first run", () -> !runs(RunStatus.SUCCEEDED).isEmpty());
        warden.stop();
        Instant stopped = Instant.now();
        Thread.sleep(2_000);
        warden.start();
        return stopped;
    }

    @Test
    void missedFiresRunOnceAsACatchUpAndAreRecordedAsMissed() throws InterruptedException {
        Instant stopped = downtime("run-once");
        Instant restarted = Instant.now();
        ScheduleWarden.await(Duration.ofSeconds(10), "two on-time runs after the restart", () ->
                runs(RunStatus.SUCCEEDED).stream().filter(r -> !r.trigger().catchUp()
                        && r.trigger().scheduledFor().isAfter(restarted)).count() >= 2);
        List<Run> catchUps = runs(null).stream().filter(r -> Boolean.TRUE.equals(r.trigger().catchUp())).toList();
        assertThat(forDowntime(catchUps, stopped, restarted)).singleElement()
                .satisfies(r -> assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED));
        assertThat(forDowntime(runs(RunStatus.MISSED), stopped, restarted)).singleElement().satisfies(r ->
                assertThat(r.error()).contains("fires from").contains("misfire 'run-once' runs one catch-up now"));
    }

    @Test
    void skipPolicyRecordsTheMissedFiresAndRunsNoneOfThem() throws InterruptedException {
        Instant stopped = downtime("skip");
        Instant restarted = Instant.now();
        ScheduleWarden.await(Duration.ofSeconds(10), "two on-time runs after the restart", () ->
                runs(RunStatus.SUCCEEDED).stream().filter(r -> r.trigger().scheduledFor().isAfter(restarted))
                        .count() >= 2);
        assertThat(runs(null)).noneMatch(r -> Boolean.TRUE.equals(r.trigger().catchUp()));
        assertThat(forDowntime(runs(RunStatus.MISSED), stopped, restarted)).singleElement()
                .satisfies(r -> assertThat(r.error()).contains("misfire 'skip' runs none of them"));
    }

    /**
     * A stop of about ten seconds, well under the default misfire threshold of 60 s: each fire that fell due is under
     * the threshold late, yet together they are a backlog, and the misfire policy decides what runs of them.
     */
    private Instant shortStop(String misfire, String concurrency) throws InterruptedException {
        warden = new ScheduleWarden(dir).write("tick.js", """
                import { rule, every } from 'warden';
                export default rule({ id: 'tick', misfire: '%s', concurrency: '%s', triggers: [every('1s')],
                  run: ({ event }) => event.scheduledFor });
                """.formatted(misfire, concurrency)).start();
        ScheduleWarden.await(Duration.ofSeconds(10), "a first run", () -> !runs(RunStatus.SUCCEEDED).isEmpty());
        warden.stop();
        Thread.sleep(10_000);
        Instant starting = Instant.now();
        warden.start();
        ScheduleWarden.await(Duration.ofSeconds(30), "two on-time runs after the restart", () ->
                runs(RunStatus.SUCCEEDED).stream().filter(r -> !r.trigger().catchUp()
                        && r.trigger().scheduledFor().isAfter(starting)).count() >= 2);
        return starting;
    }

    /** Records made after the restart for fires due before it: what became of the fires of the downtime. */
    private List<Run> forDowntime(List<Run> records, Instant starting) {
        return records.stream().filter(r -> !r.createdAt().isBefore(starting)
                && r.trigger().scheduledFor().isBefore(starting)).toList();
    }

    @Test
    void firesMissedInAStopShorterThanTheThresholdAreOneMissedRecordAndOneCatchUpNotAReplay()
            throws InterruptedException {
        Instant starting = shortStop("run-once", "skip");
        List<Run> all = runs(null);
        assertThat(forDowntime(all, starting)).filteredOn(r -> r.status() != RunStatus.MISSED
                && !Boolean.TRUE.equals(r.trigger().catchUp())).isEmpty();
        assertThat(forDowntime(runs(RunStatus.MISSED), starting)).singleElement().satisfies(r ->
                assertThat(r.error()).contains("fires from").contains("misfire 'run-once' runs one catch-up now"));
        assertThat(all).filteredOn(r -> Boolean.TRUE.equals(r.trigger().catchUp())).singleElement()
                .satisfies(r -> assertThat(r.trigger().scheduledFor()).isAfter(starting.minusSeconds(2)));
    }

    @Test
    void skipRunsNoneOfTheFiresMissedInAStopShorterThanTheThresholdEvenWithConcurrencyAllow()
            throws InterruptedException {
        Instant starting = shortStop("skip", "allow");
        List<Run> all = runs(null);
        assertThat(forDowntime(all, starting)).filteredOn(r -> r.status() != RunStatus.MISSED).isEmpty();
        assertThat(all).noneMatch(r -> Boolean.TRUE.equals(r.trigger().catchUp()));
        assertThat(forDowntime(runs(RunStatus.MISSED), starting)).singleElement()
                .satisfies(r -> assertThat(r.error()).contains("misfire 'skip' runs none of them"));
    }
}
