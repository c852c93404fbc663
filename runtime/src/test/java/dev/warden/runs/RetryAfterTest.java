package dev.warden.runs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.warden.config.DatabaseConfig;
import dev.warden.config.EngineConfig;
import dev.warden.config.Secret;
import dev.warden.store.Database;
import dev.warden.testing.RulesFolder;
import dev.warden.testing.SetClock;

/**
 * A full queue asks the caller to come back once the runs queued would have ended at the rate runs ended lately (by
 * the service's clock): at least 1 s, at most 60 s, and 5 s while no run ended in the last 5 s.
 */
class RetryAfterTest {

    private static final int CAPACITY = 30;

    @TempDir
    Path dir;

    @Test
    void aFullQueueAsksToRetryOnceItsRunsWouldHaveEndedAtTheRecentRate() throws Exception {
        // One worker, held by a run that spins until cancelled, while the runs behind it fill the queue.
        EngineConfig config = new EngineConfig(1, Duration.ofSeconds(30), Duration.ofMinutes(15), 0, 85, 64,
                CAPACITY);
        Instant start = Instant.parse("2026-03-04T05:06:07Z");
        SetClock clock = new SetClock(start);
        try (Database database = Database.open(new DatabaseConfig("jdbc:h2:file:" + dir.resolve("db")
                + ";DB_CLOSE_ON_EXIT=FALSE", "", Secret.empty()), dir);
             RulesFolder rules = new RulesFolder(dir.resolve("rules"), config)) {
            rules.write("r.js", """
                    import { rule, manual } from 'warden';
                    export const quick = rule({ id: 'quick', triggers: [manual()], run: () => 1 });
                    export const spin = rule({ id: 'spin', timeout: '10m', triggers: [manual()],
                      run() { while (true) {} } });
                    """);
            try (RunService runs = new RunService(rules.catalog(), rules.engine(), new RunStore(database.dataSource()),
                    config, clock, dir.resolve("data"))) {
                // No run has ended yet: the backlog's length is not known.
                List<Run> filled = fill(runs);
                RunRejectedException fresh = refused(runs);
                assertThat(fresh.reason()).isEqualTo(RunRejectedException.Reason.QUEUE_FULL);
                assertThat(fresh.retryAfterSeconds()).isEqualTo(5);
                assertThat(fresh.getMessage()).contains("no room for 1 run (30 of 30 places taken)")
                        .contains("no run ended in the last 5 s, so how long the 30 queued runs take is not known")
                        .contains("retry after 5 s");

                // 31 runs end at the same reading of the clock (the spinning one, cancelled, and the 30 behind it).
                drain(runs, filled);

                filled = fill(runs);
                // 31 runs in the 2 s since: 15.5 a second, so 30 queued runs take 1.9 s.
                clock.set(start.plusSeconds(2));
                RunRejectedException steady = refused(runs);
                assertThat(steady.retryAfterSeconds()).isEqualTo(2);
                assertThat(steady.getMessage()).contains("the 30 queued runs take about 2 s at the recent rate "
                        + "(16 runs/s); retry after 2 s");

                // 31 runs in the 5.5 s since: 5.6 a second, so 30 queued runs take 5.3 s.
                clock.set(start.plusMillis(5_500));
                assertThat(refused(runs).retryAfterSeconds()).isEqualTo(6);

                // Those runs ended more than 5 s ago: no rate again.
                clock.set(start.plusSeconds(6));
                RunRejectedException stale = refused(runs);
                assertThat(stale.retryAfterSeconds()).isEqualTo(5);
                assertThat(stale.getMessage()).contains("no run ended in the last 5 s");
                runs.cancel(filled.getFirst().id());
            }
        }
    }

    @Test
    void retryAfterIsTheBacklogsSecondsRoundedUpBetweenOneAndSixty() {
        assertThat(new Throughput.Backlog(30, 10).retryAfterSeconds()).isEqualTo(3);
        assertThat(new Throughput.Backlog(31, 10).retryAfterSeconds()).isEqualTo(4);
        assertThat(new Throughput.Backlog(2, 100).retryAfterSeconds()).as("at least 1 s").isEqualTo(1);
        assertThat(new Throughput.Backlog(0, 100).retryAfterSeconds()).isEqualTo(1);
        Throughput.Backlog minutes = new Throughput.Backlog(10_000, 2);
        assertThat(minutes.seconds()).isEqualTo(5_000);
        assertThat(minutes.retryAfterSeconds()).as("capped").isEqualTo(60);
        assertThat(minutes.describe("queued runs", "no run ended", "runs/s"))
                .isEqualTo("the 10000 queued runs take about 5000 s at the recent rate (2.0 runs/s); retry after 60 s");
        assertThat(new Throughput.Backlog(10_000, 0).retryAfterSeconds()).as("no rate").isEqualTo(5);
    }

    @Test
    void theRateCountsTheLastFiveSecondsSinceTheFirstOfThemThatCounted() {
        Throughput done = new Throughput();
        long t = Instant.parse("2026-03-04T05:06:07Z").toEpochMilli();
        assertThat(done.perSecond(t)).as("nothing yet").isZero();
        done.add(t, 10);
        assertThat(done.perSecond(t + 200)).as("over at least a second").isEqualTo(10);
        done.add(t + 1_000, 10);
        done.add(t + 1_999, 10);
        assertThat(done.perSecond(t + 3_000)).isEqualTo(10);
        assertThat(done.perSecond(t + 5_999)).isEqualTo(30_000.0 / 5_999);
        assertThat(done.perSecond(t + 6_000)).as("the first second left the window").isEqualTo(4);
        assertThat(done.perSecond(t + 8_000)).isZero();
        done.add(t + 8_000, 1);
        done.add(t, 5);
        assertThat(done.perSecond(t + 8_000)).as("a second the ring moved past is not counted").isEqualTo(1);
    }

    /** Runs one spinning run, then queues runs behind it until the queue is full; returns them, the spinning first. */
    private static List<Run> fill(RunService runs) throws InterruptedException {
        List<Run> filled = new ArrayList<>();
        filled.add(runs.submit("spin", TriggerEvent.manual(null)));
        for (int i = 0; i < 1_000 && runs.queueDepth() > 0; i++) {
            Thread.sleep(10);
        }
        assertThat(runs.queueDepth()).as("the worker took the spinning run").isZero();
        for (int i = 0; i < CAPACITY; i++) {
            filled.add(runs.submit("quick", TriggerEvent.manual(null)));
        }
        return filled;
    }

    private static RunRejectedException refused(RunService runs) {
        return catchThrowableOfType(RunRejectedException.class, () -> runs.submit("quick",
                TriggerEvent.manual(null)));
    }

    /** Cancels the spinning run of {@link #fill} and waits for the runs queued behind it to end. */
    private static void drain(RunService runs, List<Run> filled) {
        assertThat(runs.cancel(filled.getFirst().id()).orElseThrow().status()).isEqualTo(RunStatus.CANCELLED);
        for (Run run : filled.subList(1, filled.size())) {
            assertThat(runs.completion(run.id()).join().status()).isEqualTo(RunStatus.SUCCEEDED);
        }
    }
}
