package dev.warden.runs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.warden.config.DatabaseConfig;
import dev.warden.config.Secret;
import dev.warden.store.Database;
import dev.warden.store.StoreException;

/** Group commit: concurrent writes share transactions, each is acknowledged only once committed, a bad one fails alone. */
class RunWriterTest {

    @TempDir
    Path dir;
    Database database;
    RunStore store;
    RunWriter writer;

    @BeforeEach
    void open() {
        database = Database.open(new DatabaseConfig("jdbc:h2:file:" + dir.resolve("db") + ";DB_CLOSE_ON_EXIT=FALSE",
                "", Secret.empty()), dir);
        store = new RunStore(database.dataSource());
        writer = new RunWriter(database.dataSource());
    }

    @AfterEach
    void close() {
        writer.close();
        database.close();
    }

    private static Run queued(String id) {
        return new Run(id, "rule", "rule.js", "v1", new RunTrigger("webhook", "hook"), RunStatus.QUEUED, Instant.now(),
                null, null, "{\"n\":1}", null, null, null);
    }

    @Test
    void concurrentInsertsAreCommittedTogetherAndEachIsStoredWhenAcknowledged() throws Exception {
        int writers = 16;
        int each = 50;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        CountDownLatch go = new CountDownLatch(1);
        List<CompletableFuture<Void>> done = new ArrayList<>();
        for (int t = 0; t < writers; t++) {
            int thread = t;
            done.add(CompletableFuture.runAsync(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                for (int i = 0; i < each; i++) {
                    String id = String.format("T%02dR%03d", thread, i);
                    writer.write(new RunWrite.Insert(List.of(queued(id)), null, null, Instant.now())).join();
                    assertThat(store.get(id)).as("stored once acknowledged").isPresent();
                }
            }, pool));
        }
        go.countDown();
        CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).join();
        pool.shutdown();
        assertThat(store.count()).isEqualTo(writers * each);
        assertThat(writer.commits()).as("fewer transactions than writes").isLessThan(writers * each);
    }

    @Test
    void writeThatFailsFailsAloneAndTheOthersInItsBatchCommit() {
        writer.write(new RunWrite.Insert(List.of(queued("DUP")), null, null, Instant.now())).join();
        List<CompletableFuture<Boolean>> batch = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            batch.add(writer.write(new RunWrite.Insert(List.of(queued(i == 10 ? "DUP" : "OK" + i)), null, null,
                    Instant.now())));
        }
        for (int i = 0; i < 20; i++) {
            if (i == 10) {
                int index = i;
                assertThatThrownBy(() -> batch.get(index).join()).isInstanceOf(CompletionException.class)
                        .hasCauseInstanceOf(StoreException.class);
            } else {
                assertThat(batch.get(i).join()).isTrue();
            }
        }
        assertThat(store.count()).isEqualTo(20);
    }

    @Test
    void runInsertedStartedAndFinishedInOneBatchIsStoredAsItEnded() throws Exception {
        Instant started = Instant.parse("2026-11-23T10:00:01Z");
        Instant finished = Instant.parse("2026-11-23T10:00:02Z");
        boolean[] applied = writer.applyTogether(List.of(
                new RunWrite.Insert(List.of(queued("DONE"), queued("BUSY"), queued("WAITS")), "{\"query\":{}}", null,
                        Instant.now()),
                new RunWrite.Start("DONE", started),
                new RunWrite.Start("BUSY", started),
                new RunWrite.Finish("DONE", RunStatus.SUCCEEDED, started, finished, "{\"ok\":true}", null, "[]")));
        assertThat(applied).containsOnly(true);

        Run done = store.get("DONE").orElseThrow();
        assertThat(done.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(done.startedAt()).isEqualTo(started);
        assertThat(done.finishedAt()).isEqualTo(finished);
        assertThat(done.result()).isEqualTo("{\"ok\":true}");
        assertThat(done.input()).isEqualTo("{\"n\":1}");
        assertThat(store.eventMeta("DONE")).isEqualTo("{\"query\":{}}");
        Run busy = store.get("BUSY").orElseThrow();
        assertThat(busy.status()).isEqualTo(RunStatus.RUNNING);
        assertThat(busy.startedAt()).isEqualTo(started);
        assertThat(store.get("WAITS").orElseThrow().status()).isEqualTo(RunStatus.QUEUED);

        // A later batch finishes the run that was running.
        writer.write(new RunWrite.Finish("BUSY", RunStatus.FAILED, started, finished, null, "{}", "[]")).join();
        assertThat(store.get("BUSY").orElseThrow().status()).isEqualTo(RunStatus.FAILED);
    }

    @Test
    void heldInsertIsWrittenWithTheRunsEndAsOneInsertInOneCommit() {
        long commitsBefore = writer.commits();
        long committedBefore = writer.committed();
        CompletableFuture<Boolean> inserted = writer.writeLater(new RunWrite.Insert(List.of(queued("HELD")), null,
                null, Instant.now()));
        CompletableFuture<Boolean> started = writer.writeLater(new RunWrite.Start("HELD", Instant.now()));
        assertThat(writer.holdsWrites()).isTrue();
        assertThat(store.get("HELD")).as("held, not yet written").isEmpty();
        writer.write(new RunWrite.Finish("HELD", RunStatus.SUCCEEDED, Instant.now(), Instant.now(), "1", null, "[]"))
                .join();
        assertThat(inserted).isCompletedWithValue(true);
        assertThat(started).isCompletedWithValue(true);
        assertThat(writer.commits() - commitsBefore).isEqualTo(1);
        assertThat(writer.committed() - committedBefore).as("insert, start and end, counted in that commit")
                .isEqualTo(3);
        assertThat(store.get("HELD").orElseThrow().status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(writer.holdsWrites()).isFalse();
    }

    /** The store-writes metric divided by the commits one is writes per transaction: barriers write nothing. */
    @Test
    void barriersAreNotCountedAsWritesAndABarrierAloneCommitsNoTransaction() {
        long commitsBefore = writer.commits();
        long committedBefore = writer.committed();
        assertThat(writer.write(new RunWrite.Barrier()).join()).isTrue();
        assertThat(writer.commits()).as("nothing written before it: no transaction").isEqualTo(commitsBefore);
        assertThat(writer.committed()).isEqualTo(committedBefore);

        CompletableFuture<Boolean> inserted = writer.writeLater(new RunWrite.Insert(List.of(queued("BEFORE")), null,
                null, Instant.now()));
        assertThat(writer.write(new RunWrite.Barrier()).join()).isTrue();
        assertThat(inserted).as("written by the barrier's commit").isCompletedWithValue(true);
        assertThat(store.get("BEFORE")).isPresent();
        assertThat(writer.commits() - commitsBefore).isEqualTo(1);
        assertThat(writer.committed() - committedBefore).as("the insert, not the barrier").isEqualTo(1);
    }

    /**
     * A journaled write the database refuses runs the writer's hook (RunService pins the journal with it) before it
     * fails, and so before a barrier queued after it completes: the journal's roll-over, which waits for such a
     * barrier, then keeps the refused run's line.
     */
    @Test
    void refusedJournaledWriteRunsTheHookBeforeALaterBarrierCompletes() {
        AtomicInteger hooked = new AtomicInteger();
        writer.whenJournaledWriteFails(write -> hooked.incrementAndGet());
        writer.write(new RunWrite.Insert(List.of(queued("TWICE")), null, null, Instant.now())).join();
        assertThat(hooked).as("not for a write that was committed").hasValue(0);

        CompletableFuture<Boolean> refused = writer.writeLater(new RunWrite.Insert(List.of(queued("TWICE")), null,
                null, Instant.now()));
        AtomicInteger hookedWhenBarrierDone = new AtomicInteger(-1);
        writer.write(new RunWrite.Barrier()).thenRun(() -> hookedWhenBarrierDone.set(hooked.get())).join();
        assertThat(refused).isCompletedExceptionally();
        assertThat(hookedWhenBarrierDone).as("the hook ran before the barrier completed").hasValue(1);

        // A refused write that is not journaled (the caller waits for it and is told) does not run the hook.
        assertThatThrownBy(() -> writer.write(new RunWrite.Insert(List.of(queued("TWICE")), null, null,
                Instant.now())).join()).isInstanceOf(CompletionException.class);
        assertThat(hooked).hasValue(1);
    }

    /** The end of a run a wait-mode caller was answered about: not held, and readers wait for it meanwhile. */
    @Test
    void soonWriteIsCommittedWithoutTheHoldAndCountsAsHeldUntilThen() throws Exception {
        writer.writeLater(new RunWrite.Insert(List.of(queued("SOON")), null, null, Instant.now()));
        writer.writeLater(new RunWrite.Start("SOON", Instant.now()));
        long t0 = System.nanoTime();
        CompletableFuture<Boolean> ended = writer.writeSoon(new RunWrite.Finish("SOON", RunStatus.SUCCEEDED,
                Instant.now(), Instant.now(), "1", null, "[]"));
        assertThat(ended.join()).isTrue();
        assertThat(System.nanoTime() - t0).as("not held").isLessThan(RunWriter.HOLD_NANOS);
        assertThat(store.get("SOON").orElseThrow().status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(writer.holdsWrites()).isFalse();

        // Alone, and kept from committing by a database that waits: the soon write is what readers wait for.
        writer.write(new RunWrite.Insert(List.of(queued("ALONE")), null, null, Instant.now())).join();
        CompletableFuture<Boolean> alone;
        try (java.sql.Connection hog = database.dataSource().getConnection();
             java.sql.Statement s = hog.createStatement()) {
            s.execute("SET EXCLUSIVE 1");
            try {
                alone = writer.writeSoon(new RunWrite.Finish("ALONE", RunStatus.SUCCEEDED, Instant.now(),
                        Instant.now(), "2", null, "[]"));
                assertThat(writer.holdsWrites()).isTrue();
            } finally {
                s.execute("SET EXCLUSIVE 0");
            }
        }
        assertThat(alone.join()).isTrue();
        assertThat(writer.holdsWrites()).isFalse();
        assertThat(store.get("ALONE").orElseThrow().status()).isEqualTo(RunStatus.SUCCEEDED);
    }

    /** Ends of journaled runs that come one by one, as in wait mode when the writer keeps up, share commits. */
    @Test
    void soonWritesComingOneByOneShareACommitAndABarrierCommitsThemAtOnce() {
        int runs = 20;
        List<Run> queued = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            queued.add(queued(String.format("LINGER%02d", i)));
        }
        writer.write(new RunWrite.Insert(queued, null, null, Instant.now())).join();
        long commitsBefore = writer.commits();
        List<CompletableFuture<Boolean>> ends = new ArrayList<>();
        for (Run run : queued) {
            // 20 ends 0.2 ms apart: each would find the writer idle and get a commit of its own.
            ends.add(writer.writeSoon(new RunWrite.Finish(run.id(), RunStatus.SUCCEEDED, Instant.now(), Instant.now(),
                    "1", null, "[]")));
            java.util.concurrent.locks.LockSupport.parkNanos(200_000);
        }
        CompletableFuture.allOf(ends.toArray(CompletableFuture[]::new)).join();
        assertThat(writer.commits() - commitsBefore).as("commits for %d ends", runs).isLessThanOrEqualTo(4);
        assertThat(store.get("LINGER19").orElseThrow().status()).isEqualTo(RunStatus.SUCCEEDED);

        writer.write(new RunWrite.Insert(List.of(queued("BARRIER")), null, null, Instant.now())).join();
        CompletableFuture<Boolean> end = writer.writeSoon(new RunWrite.Finish("BARRIER", RunStatus.SUCCEEDED,
                Instant.now(), Instant.now(), "2", null, "[]"));
        writer.write(new RunWrite.Barrier()).join();
        assertThat(end).as("committed by the barrier, not after the linger").isCompletedWithValue(true);
        assertThat(writer.holdsWrites()).isFalse();
    }

    @Test
    void heldInsertIsWrittenAloneAfterItsHoldOrAtOnceByABarrier() {
        long t0 = System.nanoTime();
        writer.writeLater(new RunWrite.Insert(List.of(queued("ALONE")), null, null, Instant.now())).join();
        assertThat(System.nanoTime() - t0).isGreaterThanOrEqualTo(RunWriter.HOLD_NANOS);
        assertThat(store.get("ALONE").orElseThrow().status()).isEqualTo(RunStatus.QUEUED);

        CompletableFuture<Boolean> held = writer.writeLater(new RunWrite.Insert(List.of(queued("FLUSHED")), null,
                null, Instant.now()));
        long t1 = System.nanoTime();
        writer.write(new RunWrite.Barrier()).join();
        assertThat(held).isCompletedWithValue(true);
        assertThat(System.nanoTime() - t1).isLessThan(RunWriter.HOLD_NANOS);
        assertThat(store.get("FLUSHED")).isPresent();
    }

    @Test
    void startTakesEffectOnlyForAQueuedRun() {
        writer.write(new RunWrite.Insert(List.of(queued("A"), queued("B")), null, null, Instant.now())).join();
        assertThat(store.cancelQueued("B", Instant.now(), null)).isTrue();
        assertThat(writer.write(new RunWrite.Start("A", Instant.now())).join()).isTrue();
        assertThat(writer.write(new RunWrite.Start("B", Instant.now())).join()).as("cancelled first").isFalse();
        assertThat(store.get("A").orElseThrow().status()).isEqualTo(RunStatus.RUNNING);
        assertThat(store.get("B").orElseThrow().status()).isEqualTo(RunStatus.CANCELLED);
    }

    @Test
    void idempotencyKeyIsStoredInTheSameTransactionAsItsRuns() {
        RequestKey key = new RequestKey("hook:x", "k1");
        writer.write(new RunWrite.Insert(List.of(queued("R1")), null, key, Instant.now())).join();
        CompletableFuture<Boolean> duplicate = writer.write(new RunWrite.Insert(List.of(queued("R2")), null, key,
                Instant.now()));
        assertThatThrownBy(duplicate::join).hasCauseInstanceOf(StoreException.class);
        assertThat(store.get("R2")).as("runs of a refused key are not stored").isEmpty();
    }

    /** Acceptance waits while the writer is behind, so runs wait in their callers instead of in the heap. */
    @Test
    void roomIsMadeOnceWaitingWritesAreCommitted() throws Exception {
        RunWriter bounded = new RunWriter(database.dataSource(), null, 2);
        try {
            try (java.sql.Connection hog = database.dataSource().getConnection();
                 java.sql.Statement s = hog.createStatement()) {
                // Kept from committing while this looks, however slow the machine.
                s.execute("SET EXCLUSIVE 1");
                try {
                    bounded.writeLater(new RunWrite.Insert(List.of(queued("W1")), null, null, Instant.now()));
                    bounded.writeLater(new RunWrite.Insert(List.of(queued("W2")), null, null, Instant.now()));
                    assertThat(bounded.pending()).isEqualTo(2);
                    assertThat(bounded.awaitRoom(0)).as("two writes wait, two at most").isFalse();
                } finally {
                    s.execute("SET EXCLUSIVE 0");
                }
            }
            long t0 = System.nanoTime();
            assertThat(bounded.awaitRoom(java.util.concurrent.TimeUnit.SECONDS.toNanos(10))).isTrue();
            assertThat(System.nanoTime() - t0).as("room once the held writes were committed, not at the timeout")
                    .isLessThan(java.util.concurrent.TimeUnit.SECONDS.toNanos(5));
            assertThat(bounded.pending()).isZero();
            assertThat(store.get("W1")).isPresent();
            assertThat(store.get("W2")).isPresent();
        } finally {
            bounded.close();
        }
    }

    /** A database that hangs: acceptance gives up after its timeout, and what waited is written once it answers. */
    @Test
    void noRoomWhileTheDatabaseHangsAndWritesCompleteAfterIt() throws Exception {
        RunWriter bounded = new RunWriter(database.dataSource(), null, 1);
        try (java.sql.Connection hog = database.dataSource().getConnection();
             java.sql.Statement s = hog.createStatement()) {
            s.execute("SET EXCLUSIVE 1");
            CompletableFuture<Boolean> waiting;
            try {
                waiting = bounded.write(new RunWrite.Insert(List.of(queued("HUNG")), null, null, Instant.now()));
                long t0 = System.nanoTime();
                assertThat(bounded.awaitRoom(java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(300))).isFalse();
                assertThat(System.nanoTime() - t0).isGreaterThanOrEqualTo(
                        java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(300));
                assertThat(waiting).isNotDone();
            } finally {
                s.execute("SET EXCLUSIVE 0");
            }
            assertThat(waiting.join()).isTrue();
            assertThat(bounded.awaitRoom(java.util.concurrent.TimeUnit.SECONDS.toNanos(5))).isTrue();
            assertThat(store.get("HUNG")).isPresent();
        } finally {
            bounded.close();
        }
    }

    /** What a refusal's Retry-After is made of: the writes waiting, and how many a second were committed lately. */
    @Test
    void backlogIsTheWritesWaitingAndTheRateOfRecentCommitsByTheClock() throws Exception {
        Instant start = Instant.parse("2026-03-04T05:06:07Z");
        dev.warden.testing.SetClock clock = new dev.warden.testing.SetClock(start);
        RunWriter timed = new RunWriter(database.dataSource(), null, RunWriter.MAX_PENDING, clock);
        try {
            assertThat(timed.backlog().known()).as("nothing committed yet").isFalse();
            for (int i = 0; i < 10; i++) {
                timed.write(new RunWrite.Insert(List.of(queued("C" + i)), null, null, Instant.now())).join();
            }
            clock.set(start.plusSeconds(2));
            List<CompletableFuture<Boolean>> waiting = new ArrayList<>();
            try (java.sql.Connection hog = database.dataSource().getConnection();
                 java.sql.Statement s = hog.createStatement()) {
                s.execute("SET EXCLUSIVE 1");
                try {
                    for (int i = 0; i < 12; i++) {
                        waiting.add(timed.write(new RunWrite.Insert(List.of(queued("W" + i)), null, null,
                                Instant.now())));
                    }
                    Throughput.Backlog backlog = timed.backlog();
                    assertThat(backlog.size()).isEqualTo(12);
                    assertThat(backlog.perSecond()).as("10 writes in 2 s").isEqualTo(5);
                    assertThat(backlog.retryAfterSeconds()).isEqualTo(3);
                } finally {
                    s.execute("SET EXCLUSIVE 0");
                }
            }
            waiting.forEach(CompletableFuture::join);
        } finally {
            timed.close();
        }
    }
}
