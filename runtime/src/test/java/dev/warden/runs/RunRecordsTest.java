package dev.warden.runs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

import com.github.f4b6a3.ulid.Ulid;

import dev.warden.config.RetentionConfig;
import dev.warden.store.Database;
import dev.warden.testing.RulesFolder;
import dev.warden.testing.SetClock;
import dev.warden.testing.SimpleWarden;

/** Run records persist in the H2 file store, survive restarts, and are pruned by retention. */
class RunRecordsTest {

    @TempDir
    Path dir;

    private static final String RULE = """
            import { rule, manual } from 'warden';
            export default rule({ id: 'r', triggers: [manual()], run({ event }) { return event.body; } });
            """;

    @Test
    void runsSurviveARestart() throws Exception {
        SimpleWarden first = new SimpleWarden(dir);
        Files.createDirectories(first.rulesDir());
        Files.writeString(first.rulesDir().resolve("r.js"), RULE);
        first.start();
        String id = first.post("/api/v1/rules/r/runs?wait=10s", "{\"k\":1}").json().path("id").asText();
        first.stop();
        try (SimpleWarden second = new SimpleWarden(dir).start()) {
            assertThat(second.get("/api/v1/runs/" + id).json().path("result").path("k").asInt()).isEqualTo(1);
        }
    }

    @Test
    void queuedRunsLeftByAStopRunAfterRestartAndRunningOnesAreMarkedInterrupted() throws Exception {
        SimpleWarden setup = new SimpleWarden(dir);
        Files.createDirectories(setup.rulesDir());
        Files.writeString(setup.rulesDir().resolve("r.js"), RULE);
        try (Database db = Database.open(setup.config().database(), setup.config().paths().data())) {
            RunStore store = new RunStore(db.dataSource());
            store.insert(new Run("01AAAAAAAAAAAAAAAAAAAAAAAA", "r", "r.js", "v", new RunTrigger("manual", null),
                    RunStatus.QUEUED, Instant.now(), null, null, "{\"k\":7}", null, null, null));
            store.insert(new Run("01AAAAAAAAAAAAAAAAAAAAAAAB", "r", "r.js", "v", new RunTrigger("manual", null),
                    RunStatus.RUNNING, Instant.now(), Instant.now(), null, "{}", null, null, null));
        }
        try (SimpleWarden warden = setup.start()) {
            Run resumed = warden.warden().runs().completion("01AAAAAAAAAAAAAAAAAAAAAAAA").get();
            assertThat(resumed.status()).isEqualTo(RunStatus.SUCCEEDED);
            assertThat(resumed.result()).isEqualTo("{\"k\":7}");
            Run interrupted = warden.warden().runs().store().get("01AAAAAAAAAAAAAAAAAAAAAAAB").orElseThrow();
            assertThat(interrupted.status()).isEqualTo(RunStatus.FAILED);
            assertThat(interrupted.error()).contains("INTERRUPTED");
        }
    }

    /**
     * Five runs are pruned: three by age, then two by count. With 1,000-byte inputs a byte bound of 2,500 takes
     * two by age, one by age, then two by count; a bound of one byte, one run a transaction.
     */
    @ParameterizedTest(name = "{0} runs or {1} bytes a transaction: {2} transactions")
    @CsvSource({"1, 9223372036854775807, 5", "2, 9223372036854775807, 3", "3, 9223372036854775807, 2",
            "250, 1048576, 2", "250, 2500, 3", "250, 1, 5"})
    void retentionRemovesOldRunsAndKeepsTheNewestNInTransactionsBoundByRunsAndBytes(int batch, long bytes,
            long transactions) throws Exception {
        SimpleWarden setup = new SimpleWarden(dir);
        try (Database db = Database.open(setup.config().database(), setup.config().paths().data())) {
            RunStore store = new RunStore(db.dataSource());
            assertRetentionKeepsTheNewestFiveAndTheQueuedRun(store, batch, bytes);
            assertThat(store.purgeTransactions()).isEqualTo(transactions);
        }
    }


    @Test
    void retentionDeletesInBatchesOnPostgresqlToo() throws Exception {
        try (io.zonky.test.db.postgres.embedded.EmbeddedPostgres postgres =
                     io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder().start();
             Database db = Database.open(new dev.warden.config.DatabaseConfig(postgres.getJdbcUrl("postgres",
                     "postgres"), "", dev.warden.config.Secret.empty()), dir)) {
            RunStore store = new RunStore(db.dataSource());
            assertRetentionKeepsTheNewestFiveAndTheQueuedRun(store, 250, 2500);
            assertThat(store.purgeTransactions()).isEqualTo(3);
        }
    }

    /**
     * Ten finished runs with 1,000-byte inputs (the three oldest 40 days old) and an old queued one, pruned to 30 days
     * and the newest five, {@code batch} runs or {@code bytes} a transaction: the newest five and the queued run stay.
     */
    private static void assertRetentionKeepsTheNewestFiveAndTheQueuedRun(RunStore store, int batch, long bytes) {
        Instant now = Instant.now();
        for (int i = 0; i < 10; i++) {
            Instant created = i < 3 ? now.minus(Duration.ofDays(40)) : now;
            store.insert(new Run(String.format("01B%023d", i), "r", "r.js", "v", new RunTrigger("manual", null),
                    RunStatus.SUCCEEDED, created, created, created, "x".repeat(1000), null, null, null));
        }
        store.insert(new Run(String.format("01A%023d", 0), "r", "r.js", "v", new RunTrigger("manual", null),
                RunStatus.QUEUED, now.minus(Duration.ofDays(40)), null, null, null, null, null, null));
        int removed = store.purge(now.minus(Duration.ofDays(30)), 5, batch, bytes);
        assertThat(removed).isEqualTo(5);
        assertThat(store.list(new RunQuery(null, null, null, 100))).extracting(Run::id)
                .containsExactly(String.format("01B%023d", 9), String.format("01B%023d", 8),
                        String.format("01B%023d", 7), String.format("01B%023d", 6), String.format("01B%023d", 5),
                        String.format("01A%023d", 0));
    }

    /** A run service over the store, its rules folder holding the manual rule r, reading the given clock. */
    private static RunService runService(SimpleWarden setup, RunStore store, RulesFolder rules, Clock clock) {
        rules.write("r.js", RULE);
        return new RunService(rules.catalog(), rules.engine(), store, RulesFolder.defaults(), clock,
                setup.config().paths().data());
    }

    private static TriggerEvent manual() {
        return TriggerEvent.manual(null);
    }

    /**
     * {@code GET /api/v1/runs?rule=X} pages through a rule's history with a cursor: each page must read about its own
     * rows from runs_by_rule (or runs_by_status), newest first. H2 read every run of the rule below the cursor and
     * sorted them for {@code ORDER BY id DESC} alone: 0.3-0.4 s a page with 100,000 runs (the retention cap).
     */
    @Test
    void aPageOfOneRulesOrOneStatusRunsIsReadNewestFirstFromItsIndexNotSortedWhole() throws Exception {
        SimpleWarden setup = new SimpleWarden(dir);
        try (Database db = Database.open(setup.config().database(), setup.config().paths().data())) {
            RunStore store = new RunStore(db.dataSource());
            List<Run> all = new ArrayList<>();
            Instant start = Instant.parse("2026-11-01T00:00:00Z");
            try (java.sql.Connection c = db.dataSource().getConnection();
                 java.sql.PreparedStatement ps = c.prepareStatement(RunStore.INSERT)) {
                c.setAutoCommit(false);
                for (int i = 0; i < 3000; i++) {
                    Instant at = start.plusSeconds(i);
                    Run run = new Run(RunIds.next(at), i % 2 == 0 ? "a" : "b", "r.js", "v",
                            new RunTrigger("manual", null), i % 10 == 0 ? RunStatus.FAILED : RunStatus.SUCCEEDED, at,
                            at, at, "{}", null, null, "[]");
                    all.add(run);
                    RunStore.bindInsert(ps, run, null, null);
                    ps.addBatch();
                }
                ps.executeBatch();
                c.commit();
            }
            String cursor = all.get(2001).id();
            record Case(RunQuery query, int maxRead) { }
            for (Case each : List.of(new Case(new RunQuery("a", null, cursor, 20), 21),
                    new Case(new RunQuery(null, RunStatus.FAILED, cursor, 20), 21),
                    // a rule's runs newest first until 20 failed ones: one in five of rule a's failed
                    new Case(new RunQuery("a", RunStatus.FAILED, cursor, 20), 5 * 20 + 1))) {
                RunQuery q = each.query();
                List<String> expected = all.reversed().stream()
                        .filter(r -> r.id().compareTo(cursor) < 0)
                        .filter(r -> q.rule() == null || r.rule().equals(q.rule()))
                        .filter(r -> q.status() == null || r.status() == q.status())
                        .limit(20).map(Run::id).toList();
                assertThat(store.list(q)).extracting(Run::id).as("%s", q).isEqualTo(expected);
                dev.warden.store.NewestFirst page = RunStore.page(q);
                String plan;
                try (java.sql.Connection c = db.dataSource().getConnection();
                     java.sql.PreparedStatement ps = c.prepareStatement("EXPLAIN ANALYZE " + page.sql(20))) {
                    page.bind(ps);
                    try (java.sql.ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        plan = rs.getString(1);
                    }
                }
                java.util.regex.Matcher read = java.util.regex.Pattern.compile("scanCount: (\\d+)").matcher(plan);
                assertThat(read.find()).as(plan).isTrue();
                assertThat(Integer.parseInt(read.group(1))).as("index entries read for %s:%n%s", q, plan)
                        .isLessThanOrEqualTo(each.maxRead());
            }
        }
    }

    @Test
    void aRunsIdCarriesItsCreationTimeFromTheInjectedClockAndIdsKeepIncreasing() {
        // A clock far from the wall clock: the id must follow the injected clock, not the system's.
        Instant at = Instant.parse("2019-05-06T07:08:09.123Z");
        SimpleWarden setup = new SimpleWarden(dir);
        try (Database db = Database.open(setup.config().database(), setup.config().paths().data());
             RulesFolder rules = new RulesFolder(dir.resolve("rules"))) {
            RunStore store = new RunStore(db.dataSource());
            try (RunService runs = runService(setup, store, rules, Clock.fixed(at, ZoneOffset.UTC))) {
                List<Run> made = new ArrayList<>();
                made.add(runs.submit("r", manual()));
                made.add(runs.recordNotRun("r", manual(), RunStatus.SKIPPED, "OVERLAP", "skipped"));
                made.add(runs.submit("r", manual()));
                made.add(runs.recordNotRun("gone", manual(), RunStatus.MISSED, "UNKNOWN_RULE", "missed"));
                for (Run run : made) {
                    runs.completion(run.id()).join();
                    Run stored = runs.get(run.id()).orElseThrow();
                    assertThat(Ulid.getInstant(run.id())).isEqualTo(at).isEqualTo(stored.createdAt());
                }
                assertThat(made).extracting(Run::id).isSorted().doesNotHaveDuplicates();
            }
        }
    }

    @Test
    void aRunInMemoryHasTheMillisecondTimesOfItsStoredRecord() {
        // A clock reading with nanoseconds: the store keeps milliseconds, and so must the run the caller gets.
        Instant at = Instant.parse("2019-05-06T07:08:09.123456789Z");
        Instant millis = Instant.parse("2019-05-06T07:08:09.123Z");
        SimpleWarden setup = new SimpleWarden(dir);
        try (Database db = Database.open(setup.config().database(), setup.config().paths().data());
             RulesFolder rules = new RulesFolder(dir.resolve("rules"))) {
            RunStore store = new RunStore(db.dataSource());
            try (RunService runs = runService(setup, store, rules, Clock.fixed(at, ZoneOffset.UTC))) {
                Run accepted = runs.submit("r", manual());
                assertThat(accepted.createdAt()).isEqualTo(millis);
                Run ended = runs.completion(accepted.id()).join();
                assertThat(ended).isEqualTo(runs.get(accepted.id()).orElseThrow());
                assertThat(ended.startedAt()).isEqualTo(millis);
                assertThat(ended.finishedAt()).isEqualTo(millis);
                Run skipped = runs.recordNotRun("r", manual(), RunStatus.SKIPPED, "OVERLAP", "skipped");
                assertThat(skipped).isEqualTo(runs.get(skipped.id()).orElseThrow());
                assertThat(skipped.createdAt()).isEqualTo(millis);
            }
        }
    }

    @Test
    void retentionDeletesRunsOlderThanTheCutOffAndKeepsNewerAndUnfinishedOnesWhenIdsComeFromTheInjectedClock() {
        // Years before the wall clock: ids minted from the system's time would all lie after the cut-off.
        Instant now = Instant.parse("2021-03-04T05:06:07.089Z");
        Instant old = now.minus(Duration.ofDays(40));
        SimpleWarden setup = new SimpleWarden(dir);
        try (Database db = Database.open(setup.config().database(), setup.config().paths().data());
             RulesFolder rules = new RulesFolder(dir.resolve("rules"))) {
            RunStore store = new RunStore(db.dataSource());
            SetClock clock = new SetClock(old);
            try (RunService runs = runService(setup, store, rules, clock)) {
                Run oldRun = runs.submit("r", manual());
                runs.completion(oldRun.id()).join();
                Run oldSkip = runs.recordNotRun("r", manual(), RunStatus.SKIPPED, "OVERLAP", "skipped");
                // Left unfinished 40 days ago (a crashed instance's): never deleted by age.
                Run oldQueued = new Run(RunIds.next(old), "r", "r.js", "v", new RunTrigger("manual", null),
                        RunStatus.QUEUED, old, null, null, "{}", null, null, null);
                Run oldRunning = new Run(RunIds.next(old), "r", "r.js", "v", new RunTrigger("manual", null),
                        RunStatus.RUNNING, old, old, null, "{}", null, null, null);
                store.insert(oldQueued);
                store.insert(oldRunning);
                clock.set(now.minus(Duration.ofDays(29)));
                Run recent = runs.recordNotRun("r", manual(), RunStatus.MISSED, "QUEUE_FULL", "missed");
                clock.set(now);
                Run newest = runs.submit("r", manual());
                runs.completion(newest.id()).join();
                runs.awaitStored();

                new Retention(store, new RetentionConfig(Duration.ofDays(30), 1000), clock).run();

                assertThat(store.list(new RunQuery(null, null, null, 100))).extracting(Run::id)
                        .containsExactlyInAnyOrder(oldQueued.id(), oldRunning.id(), recent.id(), newest.id())
                        .doesNotContain(oldRun.id(), oldSkip.id());
            }
        }
    }

    @Test
    void aQueuedRunCountsAsInFlightOnlyWhenCreatedAfterTheGivenTime() {
        SimpleWarden setup = new SimpleWarden(dir);
        try (Database db = Database.open(setup.config().database(), setup.config().paths().data())) {
            RunStore store = new RunStore(db.dataSource());
            Instant now = Instant.now();
            Instant stale = now.minus(Duration.ofMinutes(20));
            store.insert(new Run(RunIds.next(stale), "r", "r.js", "v", new RunTrigger("manual", null),
                    RunStatus.QUEUED, stale, null, null, "{}", null, null, null));
            assertThat(store.inFlight("r", now.minus(Duration.ofMinutes(15)))).isEmpty();
            Instant recent = now.minus(Duration.ofMinutes(1));
            Run queued = new Run(RunIds.next(recent), "r", "r.js", "v", new RunTrigger("manual", null),
                    RunStatus.QUEUED, recent, null, null, "{}", null, null, null);
            store.insert(queued);
            assertThat(store.inFlight("r", now.minus(Duration.ofMinutes(15)))).contains(queued.id());
        }
    }

    @Test
    void hugeResultIsStoredAsATruncationNoteThatIsStillJson() {
        String big = "{\"blob\":\"" + "x".repeat(100_000) + "\"}";
        String stored = RunInput.cappedResult(big);
        assertThat(stored.length()).isLessThan(2000);
        assertThat(RunInput.parse(stored).path("truncated").asBoolean()).isTrue();
        assertThat(RunInput.parse(stored).path("chars").asInt()).isEqualTo(big.length());
    }
}
