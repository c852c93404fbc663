package dev.warden.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.warden.runs.Run;
import dev.warden.runs.RunQuery;
import dev.warden.runs.RunStatus;
import dev.warden.testing.ScheduleWarden;

/** A rule that runs 1.5 s on an every('1s') schedule, under each concurrency policy. */
class OverlapTest {

    @TempDir
    Path dir;
    ScheduleWarden warden;

    @AfterEach
    void tearDown() {
        warden.close();
    }

    private void slowRule(String concurrency) {
        warden = new ScheduleWarden(dir).write("slow.js", """
                import { rule, every } from 'warden';
                export default rule({
                  id: 'slow', concurrency: '%s', triggers: [every('1s')],
                  run() { const end = Date.now() + 1500; while (Date.now() < end) {} return 'done'; },
                });
                """.formatted(concurrency)).start();
    }

    private List<Run> runs(RunStatus status) {
        return warden.warden().runs().store().list(new RunQuery("slow", status, null, 500));
    }

    private static boolean overlapping(List<Run> finished) {
        List<Run> byStart = finished.stream().sorted(Comparator.comparing(Run::startedAt)).toList();
        for (int i = 1; i < byStart.size(); i++) {
            if (byStart.get(i).startedAt().isBefore(byStart.get(i - 1).finishedAt())) {
                return true;
            }
        }
        return false;
    }

    @Test
    void skipDropsFiresWhileARunIsInProgressAndNeverStacksRuns() {
        slowRule("skip");
        ScheduleWarden.await(Duration.ofSeconds(15), "three runs and two skipped fires", () ->
                runs(RunStatus.SUCCEEDED).size() >= 3 && runs(RunStatus.SKIPPED).size() >= 2);
        assertThat(overlapping(runs(RunStatus.SUCCEEDED))).isFalse();
        assertThat(runs(RunStatus.SKIPPED)).allSatisfy(r ->
                assertThat(r.error()).contains("OVERLAP").contains("concurrency 'skip'"));
        assertThat(runs(RunStatus.QUEUED).size() + runs(RunStatus.RUNNING).size()).isLessThanOrEqualTo(1);
    }

    @Test
    void queueRunsEveryFireOneAfterTheOther() {
        slowRule("queue");
        ScheduleWarden.await(Duration.ofSeconds(15), "four runs", () -> runs(RunStatus.SUCCEEDED).size() >= 4);
        assertThat(overlapping(runs(RunStatus.SUCCEEDED))).isFalse();
        assertThat(runs(RunStatus.SKIPPED)).isEmpty();
        assertThat(runs(RunStatus.QUEUED).size() + runs(RunStatus.RUNNING).size()).isLessThanOrEqualTo(1);
    }

    @Test
    void allowStartsARunOnEveryFireEvenWhileOneIsInProgress() {
        slowRule("allow");
        ScheduleWarden.await(Duration.ofSeconds(15), "four runs", () -> runs(RunStatus.SUCCEEDED).size() >= 4);
        assertThat(overlapping(runs(RunStatus.SUCCEEDED))).isTrue();
        assertThat(runs(RunStatus.SKIPPED)).isEmpty();
    }
}
