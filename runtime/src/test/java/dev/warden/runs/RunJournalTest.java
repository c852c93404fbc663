package dev.warden.runs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.io.TempDir;

import dev.warden.config.DatabaseConfig;
import dev.warden.config.Secret;
import dev.warden.engine.IndexedJson;
import dev.warden.store.Database;
import dev.warden.testing.RulesFolder;

/**
 * The run journal keeps what the database does not hold yet: after a crash, a run accepted but not stored is stored
 * and runs, and a run that had started is told from one that had not.
 */
class RunJournalTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** The H2 file database in the data folder, where the run journal lives too. */
    private Database database() {
        return Database.open(new DatabaseConfig("jdbc:h2:file:" + dir.resolve("data/db") + ";DB_CLOSE_ON_EXIT=FALSE", "",
                Secret.empty()), dir.resolve("data"));
    }

    private static Run queued(String id) {
        return new Run(id, "count", "count.js", "v1", new RunTrigger("manual", null), RunStatus.QUEUED,
                Instant.now(), null, null, "{}", null, null, null);
    }

    @Test
    void queuedRunThatHadStartedIsFailedAfterACrashAndOneThatHadNotRuns() {
        try (Database database = database(); RulesFolder rules = new RulesFolder(dir.resolve("rules"))) {
            rules.write("count.js", """
                    import { rule, manual } from 'warden';
                    export default rule({ id: 'count', triggers: [manual()], run: () => 'ran' });
                    """);
            RunStore store = new RunStore(database.dataSource());
            store.insert(queued("STARTED"));
            store.insert(queued("WAITING"));
            try (RunJournal crashed = new RunJournal(dir.resolve("data/run-journal.log"))) {
                crashed.started("STARTED", () -> { });
            }
            try (RunService runs = new RunService(rules.catalog(), rules.engine(), store, RulesFolder.defaults(),
                    Clock.systemUTC(), dir.resolve("data"))) {
                runs.recover();
                assertThat(runs.completion("WAITING").join().status()).isEqualTo(RunStatus.SUCCEEDED);
                Run started = store.get("STARTED").orElseThrow();
                assertThat(started.status()).isEqualTo(RunStatus.FAILED);
                assertThat(started.error()).contains("INTERRUPTED");
            }
        }
    }

    @Test
    void runAcceptedIntoTheJournalButNotTheDatabaseIsStoredAndRunAfterACrash() throws Exception {
        try (Database database = database(); RulesFolder rules = new RulesFolder(dir.resolve("rules"))) {
            rules.write("count.js", """
                    import { rule, manual } from 'warden';
                    export default rule({ id: 'count', triggers: [manual()], run: ({ event }) => event.body.n + 1 });
                    """);
            RunStore store = new RunStore(database.dataSource());
            Run pretty = new Run("01LOST0000000000000000000A", "count", "count.js", "v1",
                    new RunTrigger("webhook", "count"), RunStatus.QUEUED, Instant.parse("2026-11-23T10:00:00Z"),
                    null, null, "{\n  \"n\": 41\n}", null, null, null);
            Run stored = queued("01KEPT0000000000000000000B");
            store.insert(stored);
            Run ended = new Run("01ENDED000000000000000000C", "count", "count.js", "v1",
                    new RunTrigger("webhook", "count"), RunStatus.QUEUED, Instant.parse("2026-11-23T10:00:00Z"),
                    null, null, "{\"n\":1}", null, null, null);
            Instant started = Instant.parse("2026-11-23T10:00:01Z");
            try (RunJournal crashed = new RunJournal(dir.resolve("data/run-journal.log"))) {
                crashed.accepted(List.of(pretty), "{\"headers\":{\"x-source\":\"test\"}}", () -> null);
                crashed.accepted(List.of(stored), null, () -> null);
                // Ran to its end, which the writer still held when the process died.
                crashed.accepted(List.of(ended), null, () -> null);
                crashed.started(ended.id(), () -> { });
                crashed.ended(new RunWrite.Finish(ended.id(), RunStatus.SUCCEEDED, started,
                        Instant.parse("2026-11-23T10:00:02Z"), "{\"from\":\"the journal\"}", null,
                        "[{\"level\":\"INFO\",\"message\":\"hi\\nthere\"}]"), () -> null);
            }
            // The process died in the middle of the next line.
            Files.writeString(dir.resolve("data/run-journal.log"), "{\"id\":\"01TORN", StandardOpenOption.APPEND);

            try (RunService runs = new RunService(rules.catalog(), rules.engine(), store, RulesFolder.defaults(),
                    Clock.systemUTC(), dir.resolve("data"))) {
                runs.recover();
                Run lost = runs.completion(pretty.id()).join();
                assertThat(lost.status()).isEqualTo(RunStatus.SUCCEEDED);
                assertThat(lost.result()).isEqualTo("42");
                Run again = store.get(pretty.id()).orElseThrow();
                assertThat(JSON.readTree(again.input())).isEqualTo(JSON.readTree(pretty.input()));
                assertThat(again.trigger()).isEqualTo(pretty.trigger());
                assertThat(again.createdAt()).isEqualTo(pretty.createdAt());
                assertThat(store.eventMeta(pretty.id())).contains("x-source");
                assertThat(runs.completion(stored.id()).join().status()).isEqualTo(RunStatus.SUCCEEDED);
                Run recorded = store.get(ended.id()).orElseThrow();
                assertThat(recorded.status()).as("stored as it ended, not run again").isEqualTo(RunStatus.SUCCEEDED);
                assertThat(recorded.result()).isEqualTo("{\"from\":\"the journal\"}");
                assertThat(recorded.startedAt()).isEqualTo(started);
                assertThat(recorded.logs()).contains("hi\\nthere");
                assertThat(store.list(new RunQuery("count", null, null, 10))).hasSize(3);
            }
        }
    }

    /**
     * A database that hangs: webhooks are accepted into the journal until the writes waiting for it reach the bound,
     * then an acceptance waits and is turned away with QUEUE_FULL (429); once the database answers, every accepted
     * run is stored as it ended and acceptance resumes.
     */
    @Test
    void acceptanceWaitsForAStuckDatabaseThenIsTurnedAwayAndNothingAcceptedIsLost() throws Exception {
        try (Database database = database(); RulesFolder rules = new RulesFolder(dir.resolve("rules"))) {
            rules.write("count.js", """
                    import { rule, webhook } from 'warden';
                    export default rule({ id: 'count', triggers: [webhook('count')], run: ({ event }) => event.body.n });
                    """);
            RunStore store = new RunStore(database.dataSource());
            TriggerEvent event = new TriggerEvent("webhook", "count", Instant.now(), null, null, null);
            try (RunService runs = new RunService(rules.catalog(), rules.engine(), store, RulesFolder.defaults(),
                    Clock.systemUTC(), dir.resolve("data"), 6);
                 java.sql.Connection hog = database.dataSource().getConnection();
                 java.sql.Statement exclusive = hog.createStatement()) {
                runs.recover();
                List<String> accepted = new java.util.ArrayList<>();
                exclusive.execute("SET EXCLUSIVE 1");
                RunRejectedException refused = null;
                long refusedAfter = 0;
                try {
                    for (int i = 0; i < 20 && refused == null; i++) {
                        long t0 = System.nanoTime();
                        try {
                            Run run = runs.acceptJournaled(List.of(rules.catalog().rule("count")), event,
                                    IndexedJson.read("{\"n\":" + i + "}")).runs().getFirst();
                            accepted.add(run.id());
                            // Let it run to its end, so its writes wait in the writer too.
                            runs.completion(run.id()).get(10, java.util.concurrent.TimeUnit.SECONDS);
                        } catch (RunRejectedException e) {
                            refused = e;
                            refusedAfter = System.nanoTime() - t0;
                        }
                    }
                } finally {
                    exclusive.execute("SET EXCLUSIVE 0");
                }
                assertThat(refused).as("turned away while the database hangs").isNotNull();
                assertThat(refused.reason()).isEqualTo(RunRejectedException.Reason.QUEUE_FULL);
                assertThat(refused.getMessage()).contains("the run store is behind")
                        .contains("no write was stored in the last 5 s");
                assertThat(refused.retryAfterSeconds()).as("no rate to go by").isEqualTo(5);
                assertThat(refusedAfter).as("after waiting for room").isGreaterThanOrEqualTo(
                        java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(1_500));
                assertThat(accepted).hasSizeBetween(2, 6);
                for (int i = 0; i < accepted.size(); i++) {
                    Run stored = runs.get(accepted.get(i)).orElseThrow();
                    assertThat(stored.status()).isEqualTo(RunStatus.SUCCEEDED);
                    assertThat(stored.result()).isEqualTo(String.valueOf(i));
                }
                String after = runs.acceptJournaled(List.of(rules.catalog().rule("count")), event,
                        IndexedJson.read("{\"n\":99}"))
                        .runs().getFirst().id();
                assertThat(runs.completion(after).join().status()).isEqualTo(RunStatus.SUCCEEDED);
            }
        }
    }

    /**
     * Under load thousands of ended runs wait for the writer's next commits; each must hold only what is stored (its
     * input text), not the event it ran with nor the body's index, which is as large as the body: what lives past a
     * young collection is copied by it, and those copies set the length of G1's pauses (BENCHMARKS.md, Webhooks).
     */
    @Test
    void anEndedRunWaitingToBeStoredNoLongerHoldsItsEventOrTheBodysIndexAndIsStoredWhole() throws Exception {
        try (Database database = database(); RulesFolder rules = new RulesFolder(dir.resolve("rules"))) {
            rules.write("count.js", """
                    import { rule, webhook } from 'warden';
                    export default rule({ id: 'count', triggers: [webhook('count')], run: ({ event }) => event.body.n });
                    """);
            RunStore store = new RunStore(database.dataSource());
            try (RunService runs = new RunService(rules.catalog(), rules.engine(), store, RulesFolder.defaults(),
                    Clock.systemUTC(), dir.resolve("data"));
                 java.sql.Connection hog = database.dataSource().getConnection();
                 java.sql.Statement exclusive = hog.createStatement()) {
                runs.recover();
                String text = "{\"n\":7,\"pad\":\"" + "x".repeat(5000) + "\"}";
                java.lang.ref.WeakReference<IndexedJson> index;
                java.lang.ref.WeakReference<TriggerEvent> event;
                String id;
                // The writer cannot commit while another connection holds the database: the run ends and waits.
                exclusive.execute("SET EXCLUSIVE 1");
                try {
                    IndexedJson body = IndexedJson.read(text);
                    TriggerEvent fired = new TriggerEvent("webhook", "count", Instant.now(), null,
                            java.util.Map.of("x-source", "test"), null);
                    index = new java.lang.ref.WeakReference<>(body);
                    event = new java.lang.ref.WeakReference<>(fired);
                    id = runs.acceptJournaled(List.of(rules.catalog().rule("count")), fired, body).runs().getFirst()
                            .id();
                    body = null;
                    fired = null;
                    Run ended = runs.completion(id).get(10, java.util.concurrent.TimeUnit.SECONDS);
                    assertThat(ended.status()).isEqualTo(RunStatus.SUCCEEDED);
                    assertThat(ended.result()).isEqualTo("7");
                    for (int i = 0; i < 50 && (index.get() != null || event.get() != null); i++) {
                        System.gc();
                        Thread.sleep(20);
                    }
                } finally {
                    exclusive.execute("SET EXCLUSIVE 0");
                }
                assertThat(index.get()).as("the body's index, once the run ended").isNull();
                assertThat(event.get()).as("the event, once the run ended").isNull();
                Run stored = runs.get(id).orElseThrow();
                assertThat(stored.status()).isEqualTo(RunStatus.SUCCEEDED);
                assertThat(stored.input()).isEqualTo(text);
                assertThat(store.eventMeta(id)).contains("x-source");
            }
        }
    }

    @Test
    void acceptedLineKeepsInputAndMetaExactlyWhateverTheyContain() {
        String input = "{\"note\":\",\\\"input\\\":1 \\n ünïcode \\u2028\",\"list\":[1.50,2e3,null]}";
        String meta = "{\"headers\":{\"input\":\"x\",\"eventMeta\":\"}\"},\"query\":null}";
        for (String body : new String[] {input, "\"just text\"", "12.50", null}) {
            Run run = new Run("01LINE0000000000000000000A", "r", null, null,
                    new RunTrigger("cron", "0 * * * *", Instant.parse("2026-11-23T10:00:00.5Z"), true),
                    RunStatus.QUEUED, Instant.parse("2026-11-23T10:00:00.123Z"), null, null, body, null, null, null);
            String line = RunJournal.line(run, meta);
            assertThat(line).doesNotContain("\n");
            RunJournal.AcceptedRun back = RunJournal.parse(line, dir);
            assertThat(back.run()).isEqualTo(run);
            assertThat(back.eventMeta()).isEqualTo(meta);
        }
        assertThat(RunJournal.parse(RunJournal.line(queued("01NOMETA00000000000000000A"), null), dir).eventMeta())
                .isNull();
        Run odd = new Run("01ODD00000000000000000000A", "quote\"back\\slash", "dir/\u00e9t\u00e9 \"1\".js", "v\t2",
                new RunTrigger("webhook", "h\u2028\"ook\""), RunStatus.QUEUED, Instant.ofEpochMilli(1), null, null, "{}",
                null, null, null);
        assertThat(RunJournal.parse(RunJournal.line(odd, "{}"), dir).run()).isEqualTo(odd);
    }

    @Test
    void endLineKeepsResultErrorAndLogsExactly() {
        String result = "{\"ok\":true,\"text\":\"a\\n\\\"b\\\" \u00fc\"}";
        String error = "{\"code\":\"SCRIPT_ERROR\",\"message\":\"x\\ny\"}";
        for (RunWrite.Finish end : new RunWrite.Finish[] {
                new RunWrite.Finish("01END00000000000000000000A", RunStatus.SUCCEEDED,
                        Instant.parse("2026-11-23T10:00:00.001Z"), Instant.parse("2026-11-23T10:00:00.250Z"), result,
                        null, "[{\"level\":\"info\",\"message\":\"hi\\n\"}]"),
                new RunWrite.Finish("01END00000000000000000000B", RunStatus.FAILED, null,
                        Instant.parse("2026-11-23T10:00:01Z"), null, error, null)}) {
            String line = RunJournal.endLine(end);
            assertThat(line).doesNotContain("\n").startsWith("{\"end\":");
            assertThat(RunJournal.parseEnd(line, dir)).isEqualTo(end);
        }
    }

    @Test
    void journalRollsOverAndDropsTheOldFileOnlyOnceTheStoreHasCaughtUp() throws Exception {
        Path file = dir.resolve("run-journal.log");
        try (RunJournal journal = new RunJournal(file, 64)) {
            for (int i = 0; i < 4; i++) {
                journal.started("01RUN00000000000000000000" + i, () -> { });
            }
            CompletableFuture<Void> barrier = new CompletableFuture<>();
            journal.rollIfLarge(() -> barrier);
            Path previous = dir.resolve("run-journal.log.previous");
            assertThat(previous).exists();
            assertThat(journal.started()).hasSize(4);
            journal.started("01RUN000000000000000000009", () -> { });
            barrier.complete(null);
            assertThat(previous).doesNotExist();
            assertThat(journal.started()).containsExactly("01RUN000000000000000000009");
        }
        assertThat(Files.readAllLines(file)).as("cut to its lines when closed").isEqualTo(
                List.of("01RUN000000000000000000009"));
        assertThat(dir.resolve("run-journal.log.spare")).as("the spare is deleted when closed").doesNotExist();
    }

    /**
     * A write the database refused pins the journal; a barrier that completes afterwards (it writes nothing, so it
     * completes even while the database is down) must not zero the previous file, which holds the refused run.
     */
    @Test
    void previousFileIsKeptWhenTheJournalIsPinnedBeforeItsBarrierCompletes() throws Exception {
        Path file = dir.resolve("run-journal.log");
        Path previous = dir.resolve("run-journal.log.previous");
        try (RunJournal journal = new RunJournal(file, 64)) {
            for (int i = 0; i < 4; i++) {
                journal.started("01REFUSED0000000000000000" + i, () -> { });
            }
            CompletableFuture<Void> barrier = new CompletableFuture<>();
            journal.rollIfLarge(() -> barrier);
            journal.pin();
            barrier.complete(null);
            assertThat(previous).as("kept for the next start").exists();
            assertThat(journal.started()).hasSize(4).contains("01REFUSED00000000000000003");
        }
        try (RunJournal reopened = new RunJournal(file, 64)) {
            assertThat(reopened.started()).as("read at the next start").hasSize(4);
        }
    }

    /** The previous file is zeroed and kept once the store has caught up, and the next roll-over writes it again. */
    @Test
    void rolledOverFileIsZeroedAndWrittenAgainAtTheNextRollOver() throws Exception {
        Path file = dir.resolve("run-journal.log");
        Path previous = dir.resolve("run-journal.log.previous");
        Path spare = dir.resolve("run-journal.log.spare");
        try (RunJournal journal = new RunJournal(file, 64)) {
            for (int i = 0; i < 3; i++) {
                journal.started("01FIRST000000000000000000" + i, () -> { });
            }
            journal.rollIfLarge(() -> CompletableFuture.completedFuture(null));
            assertThat(previous).doesNotExist();
            assertThat(spare).exists();
            Object kept = Files.getAttribute(spare, "unix:ino");
            assertThat(Files.readAllBytes(spare)).as("zeroed").containsOnly(0);

            for (int i = 0; i < 3; i++) {
                journal.started("01SECOND00000000000000000" + i, () -> { });
            }
            CompletableFuture<Void> barrier = new CompletableFuture<>();
            journal.rollIfLarge(() -> barrier);
            assertThat(spare).doesNotExist();
            assertThat(Files.getAttribute(file, "unix:ino")).as("the spare became the file").isEqualTo(kept);
            assertThat(journal.started()).containsExactlyInAnyOrder("01SECOND000000000000000000",
                    "01SECOND000000000000000001", "01SECOND000000000000000002");
            journal.started("01THIRD000000000000000000", () -> { });
            assertThat(journal.started()).hasSize(4).contains("01THIRD000000000000000000");
        }
    }

    /**
     * A process that dies leaves the mapped file at its full size, zeros after its lines, and zeros where an append
     * had reserved its bytes but not copied them: the next start reads every whole line and appends after the last.
     */
    @Test
    void journalLeftByADeadProcessIsReadAcrossItsZerosAndAppendedToAfterItsLastLine() throws Exception {
        Path file = dir.resolve("run-journal.log");
        byte[] hole = new byte[40];
        byte[] tail = new byte[4000];
        java.io.ByteArrayOutputStream left = new java.io.ByteArrayOutputStream();
        left.writeBytes("01BEFORE0000000000000000000\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        left.writeBytes(hole);
        left.writeBytes("01AFTER00000000000000000000\n{\"id\":\"01TO".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        left.writeBytes(hole);
        left.writeBytes("01LAST000000000000000000000\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        left.writeBytes(tail);
        Files.write(file, left.toByteArray());

        try (RunJournal next = new RunJournal(file, 1 << 20)) {
            assertThat(next.started()).containsExactlyInAnyOrder("01BEFORE0000000000000000000",
                    "01AFTER00000000000000000000", "01LAST000000000000000000000");
            next.started("01NEXT000000000000000000000", () -> { });
            assertThat(next.started()).hasSize(4);
        }
        String kept = Files.readString(file);
        assertThat(kept).as("appended after the last line, not after the zeros")
                .endsWith("01LAST000000000000000000000\n01NEXT000000000000000000000\n");
    }

    /**
     * A roll-over that fails (here the spare's name is taken by a folder, as a full disk would fail it) leaves the file
     * growing, loses no line, and is tried again once the file has grown by the roll-over size.
     */
    @Test
    void failedRollOverKeepsEveryLineAndIsTriedAgainAfterTheFileGrows() throws Exception {
        Path file = dir.resolve("run-journal.log");
        Path blocker = dir.resolve("run-journal.log.spare");
        try (RunJournal journal = new RunJournal(file, 64)) {
            Files.createDirectory(blocker);
            for (int i = 0; i < 3; i++) {
                journal.started("01KEPT000000000000000000" + i, () -> { });
            }
            journal.rollIfLarge(() -> {
                throw new AssertionError("no barrier without a roll-over");
            });
            assertThat(dir.resolve("run-journal.log.previous")).doesNotExist();
            Files.delete(blocker);
            journal.started("01MORE0000000000000000000", () -> { });
            journal.rollIfLarge(() -> {
                throw new AssertionError("not tried again before the file has grown by the roll-over size");
            });
            for (int i = 0; i < 2; i++) {
                journal.started("01LATER00000000000000000" + i, () -> { });
            }
            CompletableFuture<Void> barrier = new CompletableFuture<>();
            journal.rollIfLarge(() -> barrier);
            assertThat(dir.resolve("run-journal.log.previous")).exists();
            assertThat(journal.started()).hasSize(6);
        }
    }

    /** Appends that outrun the roll-over (its barrier pending, or the journal pinned) grow the file; none is lost. */
    @Test
    void journalGrowsWhileItCannotRollOverAndLosesNoLineAppendedConcurrently() throws Exception {
        Path file = dir.resolve("run-journal.log");
        try (RunJournal journal = new RunJournal(file, 64)) {
            journal.pin();
            java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(4);
            List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
            String pad = "x".repeat(300);
            for (int t = 0; t < 4; t++) {
                int thread = t;
                done.add(threads.submit(() -> {
                    for (int i = 0; i < 500; i++) {
                        journal.started(thread + "-" + i + "-" + pad, () -> { });
                        journal.rollIfLarge(() -> {
                            throw new AssertionError("a pinned journal does not roll over");
                        });
                    }
                }));
            }
            for (java.util.concurrent.Future<?> f : done) {
                f.get(60, java.util.concurrent.TimeUnit.SECONDS);
            }
            threads.shutdown();
            java.util.Set<String> started = journal.started();
            assertThat(started).hasSize(2000);
            assertThat(started).contains("0-0-" + pad, "3-499-" + pad);
        }
        assertThat(Files.size(file)).as("cut to its lines when closed").isEqualTo(2000L * 301
                + 4 * (10 * 4 + 90 * 5 + 400 * 6));
    }
}
