package dev.warden.runs;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.warden.store.StoreException;

/**
 * Writes run records by group commit: whatever writes are waiting when the writer thread comes round go into one
 * JDBC batch and one transaction, and each caller's future completes only once that transaction has committed.
 *
 * <p>A transaction per request would cap throughput at the database's commit rate; one commit per batch does not,
 * and still no write is acknowledged before it is durable. Writes of one run in the same batch become one: its
 * RUNNING mark and its end one update, its insert and what followed one insert. A batch that fails is retried write
 * by write, so one bad write (a duplicate idempotency key) fails alone. The writes waiting are bounded for those
 * who ask: acceptance of journaled runs waits in {@link #awaitRoom} while the writer is far behind. Lifecycle:
 * construct (starts the thread), {@link #write}, {@link #close} (commits what was queued). Thread-safe.
 */
final class RunWriter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RunWriter.class);
    private static final int MAX_BATCH = 512;
    private static final String START = "UPDATE runs SET status = 'RUNNING', started_at = ? WHERE id = ? "
            + "AND status = 'QUEUED' AND (instance_id IS NULL OR instance_id = ?)";
    private static final String FINISH = "UPDATE runs SET status = ?, started_at = ?, finished_at = ?, result = ?, "
            + "error = ?, logs = ? WHERE id = ?";
    private static final String REQUEST = "INSERT INTO run_requests (scope, request_key, run_ids, created_at, "
            + "fingerprint) VALUES (?, ?, ?, ?, ?)";

    /**
     * @param later whether readers must wait for it ({@link #holdsWrites}): a write the run journal lists
     * @param hold whether it may be held back to combine with the run's later writes ({@link #writeLater})
     */
    private record Queued(RunWrite write, CompletableFuture<Boolean> done, boolean later, boolean hold) {
    }

    /** How long a {@link #writeLater} write may wait for the run's end, to be written with it. */
    static final long HOLD_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
    private static final int MAX_HELD = 4096;
    /**
     * How long a batch of writes nobody waits for (journaled runs' ends, which answered already) may wait for more
     * before it is committed: a commit's own cost (about as much as ten rows) is then shared by more runs. Without
     * it, when the writer keeps up, every commit took the few ends that came during the one before.
     */
    static final long LINGER_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
    /**
     * Writes that may wait before acceptance waits ({@link #awaitRoom}): up to three per run (insert, start, end), so
     * room for all that may be held ({@link #MAX_HELD} runs) and some batches more.
     */
    static final int MAX_PENDING = 16_384;

    private record Held(Queued queued, long since) {
    }

    private final DataSource dataSource;
    private final String instanceId;
    private final BlockingQueue<Queued> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile boolean open = true;
    private volatile boolean failing;
    private final AtomicInteger later = new AtomicInteger();
    /** Writes enqueued and not completed yet: what {@link #awaitRoom} bounds. */
    private final AtomicInteger pending = new AtomicInteger();
    private final int maxPending;
    private final ReentrantLock roomLock = new ReentrantLock();
    private final Condition room = roomLock.newCondition();
    private volatile int roomWaiters;
    private final AtomicLong commits = new AtomicLong();
    private final AtomicLong committed = new AtomicLong();
    /** Writes committed per second lately: how fast the writes waiting drain, for a refusal's Retry-After. */
    private final Throughput stored = new Throughput();
    private final Clock clock;
    private volatile java.util.function.Consumer<RunWrite> journaledWriteFailed = write -> { };
    private volatile Runnable storeIsBack = () -> { };

    RunWriter(DataSource dataSource) {
        this(dataSource, null);
    }

    /** @param instanceId the owner written with every insert; a Start takes effect only while it owns the run */
    RunWriter(DataSource dataSource, String instanceId) {
        this(dataSource, instanceId, MAX_PENDING);
    }

    /** @param maxPending how many writes may wait before {@link #awaitRoom} makes acceptance wait */
    RunWriter(DataSource dataSource, String instanceId, int maxPending) {
        this(dataSource, instanceId, maxPending, Clock.systemUTC());
    }

    /** @param clock what the rate of commits ({@link #backlog}) is measured by */
    RunWriter(DataSource dataSource, String instanceId, int maxPending, Clock clock) {
        this.dataSource = dataSource;
        this.instanceId = instanceId;
        this.maxPending = maxPending;
        this.clock = clock;
        this.thread = Thread.ofPlatform().name("warden-run-writer").daemon().start(this::loop);
    }

    /**
     * Runs {@code action} before a journaled write ({@link #writeLater}, {@link #writeSoon}) is failed, on the thread
     * that fails it (the writer's; at {@link #close}, the closing one): whatever the journal must keep for the next
     * start is then known before any barrier queued after that write completes (a barrier writes nothing, so it
     * completes even while the database refuses writes).
     */
    void whenJournaledWriteFails(java.util.function.Consumer<RunWrite> action) {
        journaledWriteFailed = action;
    }

    /**
     * Runs {@code action} on the writer's thread after a transaction that wrote something committed while the one
     * before had failed (the database took writes again): no write is in flight meanwhile, and writes queued after
     * wait for it.
     */
    void whenStoreIsBack(Runnable action) {
        storeIsBack = action;
    }

    /** Completes once committed: true, or false for a {@link RunWrite.Start} that found the run no longer QUEUED. */
    CompletableFuture<Boolean> write(RunWrite write) {
        return enqueue(write, false, false);
    }

    /**
     * As {@link #write}, but the write may be held back for up to 200 ms (a journaled run's insert and start, until
     * its end comes): a run's insert, start and end written together become one insert, and what was held is written
     * in one commit (a commit costs about as much as a few runs' rows). Only for writes the run journal already lists
     * (a crash meanwhile loses nothing). A {@link RunWrite.Barrier} writes whatever is held; a {@link #write} or
     * {@link #writeSoon} of a run's end writes its held insert and start with it.
     */
    CompletableFuture<Boolean> writeLater(RunWrite write) {
        boolean later = !(write instanceof RunWrite.Barrier);
        return enqueue(write, later, later);
    }

    /**
     * As {@link #write}, for a write the run journal already lists (a journaled run's end, with which a wait-mode
     * caller may have been answered already): written in the next commit, not held, together with what is held for
     * its run, and counted by {@link #holdsWrites} until then, so that a read right after the answer waits for it.
     */
    CompletableFuture<Boolean> writeSoon(RunWrite write) {
        return enqueue(write, true, false);
    }

    /**
     * Waits, up to {@code timeoutNanos}, until fewer than the writer's bound of writes wait to be committed; false if
     * they still do. Acceptance of journaled runs calls this first: when runs are accepted faster than they can be
     * stored for long, the journaled runs waiting for the writer (and their inputs) would otherwise fill the heap.
     * Waiting here holds the request (no CPU), so the writer catches up; only a writer stuck for the whole timeout
     * (a database that hangs) turns requests away.
     */
    boolean awaitRoom(long timeoutNanos) throws InterruptedException {
        if (pending.get() < maxPending) {
            return true;
        }
        long left = timeoutNanos;
        roomLock.lock();
        try {
            roomWaiters++;
            while (pending.get() >= maxPending) {
                if (left <= 0) {
                    return false;
                }
                left = room.awaitNanos(left);
            }
            return true;
        } finally {
            roomWaiters--;
            roomLock.unlock();
        }
    }

    /** Writes enqueued and not committed yet. */
    int pending() {
        return pending.get();
    }

    /** The writes waiting, and the rate writes were committed at lately (as of the clock). */
    Throughput.Backlog backlog() {
        return stored.backlog(pending.get(), clock.millis());
    }

    /** Whether a {@link #writeLater} write has not been committed yet. */
    boolean holdsWrites() {
        return later.get() > 0;
    }

    private CompletableFuture<Boolean> enqueue(RunWrite write, boolean later, boolean hold) {
        CompletableFuture<Boolean> done = new CompletableFuture<>();
        pending.incrementAndGet();
        if (later) {
            this.later.incrementAndGet();
        }
        done.whenComplete((ok, e) -> {
            if (later) {
                this.later.decrementAndGet();
            }
            pending.decrementAndGet();
        });
        queue.add(new Queued(write, done, later, hold));
        if (!open) {
            failLeftovers();
        }
        return done;
    }

    private void loop() {
        List<Queued> batch = new ArrayList<>();
        // Held writes in the order they came, and by the runs they are for.
        ArrayDeque<Held> held = new ArrayDeque<>();
        Map<String, List<Queued>> heldByRun = new HashMap<>();
        // While non-zero: the batch holds only writes nobody waits for, to be committed by then (LINGER_NANOS).
        long lingerUntil = 0;
        // Whether the batch holds a write somebody waits for (then it never lingers).
        boolean awaited = false;
        while (open || !queue.isEmpty() || !held.isEmpty() || !batch.isEmpty()) {
            boolean lingering = false;
            try {
                // Over MAX_HELD runs held, the oldest go at once, a batch at a time, without waiting for more.
                boolean overfull = heldByRun.size() > MAX_HELD;
                long waitNanos = held.isEmpty() ? TimeUnit.MILLISECONDS.toNanos(100) : overfull ? 0
                        : Math.max(0, held.peekFirst().since() + HOLD_NANOS - System.nanoTime());
                if (lingerUntil != 0) {
                    waitNanos = Math.min(waitNanos, Math.max(0, lingerUntil - System.nanoTime()));
                }
                Queued first = queue.poll(waitNanos, TimeUnit.NANOSECONDS);
                List<Queued> incoming = new ArrayList<>();
                if (first != null) {
                    incoming.add(first);
                    queue.drainTo(incoming, MAX_BATCH - 1);
                }
                boolean flushAll = !open;
                for (Queued q : incoming) {
                    flushAll |= q.write() instanceof RunWrite.Barrier;
                }
                long now = System.nanoTime();
                List<Queued> ends = new ArrayList<>();
                for (Queued q : incoming) {
                    if (q.hold() && !flushAll) {
                        held.addLast(new Held(q, now));
                        for (String id : runIds(q.write())) {
                            heldByRun.computeIfAbsent(id, k -> new ArrayList<>(2)).add(q);
                        }
                    } else {
                        batch.add(q);
                        awaited |= !q.later();
                        if (q.write() instanceof RunWrite.Finish) {
                            ends.add(q);
                        }
                    }
                }
                // What the incoming ends are for is written with them; then whatever has waited long enough. Only
                // the incoming: a run's held writes come before its end, so an end already in the (lingering) batch
                // took them with it when it came.
                Set<Queued> released = Collections.newSetFromMap(new IdentityHashMap<>());
                for (Queued q : ends) {
                    if (q.write() instanceof RunWrite.Finish f && heldByRun.containsKey(f.id())) {
                        for (Queued h : heldByRun.get(f.id())) {
                            if (released.add(h)) {
                                batch.add(h);
                            }
                        }
                    }
                }
                if (!held.isEmpty() && (flushAll || overfull || now - held.peekFirst().since() >= HOLD_NANOS)) {
                    // Once the oldest has waited its time, or too many runs are held, held writes go oldest
                    // first, at most MAX_BATCH a commit: H2 serializes a commit into one growing buffer. A barrier's
                    // or the close's batch takes all of them: what it waits for must be written.
                    for (Held h : held) {
                        if (released.size() >= MAX_BATCH && !flushAll) {
                            break;
                        }
                        if (released.add(h.queued())) {
                            batch.add(h.queued());
                        }
                    }
                }
                if (!released.isEmpty()) {
                    held.removeIf(h -> released.contains(h.queued()));
                    for (Queued h : released) {
                        for (String id : runIds(h.write())) {
                            List<Queued> left = heldByRun.get(id);
                            if (left != null && left.remove(h) && left.isEmpty()) {
                                heldByRun.remove(id);
                            }
                        }
                    }
                }
                if (!batch.isEmpty() && open && !flushAll && !awaited && batch.size() < MAX_BATCH) {
                    long at = System.nanoTime();
                    if (lingerUntil == 0) {
                        lingerUntil = at + LINGER_NANOS;
                    }
                    lingering = at < lingerUntil;
                }
                if (!batch.isEmpty() && !lingering) {
                    lingerUntil = 0;
                    // Held writes first, so a run's insert is acknowledged before the end that was written with it.
                    batch.sort(Comparator.comparing(q -> !q.hold()));
                    commit(batch);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                StoreException stopped = new StoreException("the run writer was stopped", e);
                batch.forEach(q -> fail(q, stopped));
                return;
            } catch (RuntimeException e) {
                LOG.error("run writer failed a batch of {}; it keeps writing", batch.size(), e);
                batch.forEach(q -> fail(q, e));
                lingering = false;
                lingerUntil = 0;
            } finally {
                if (!lingering) {
                    batch.clear();
                    awaited = false;
                }
                signalRoom();
            }
        }
    }

    private void signalRoom() {
        if (roomWaiters > 0 && pending.get() < maxPending) {
            roomLock.lock();
            try {
                room.signalAll();
            } finally {
                roomLock.unlock();
            }
        }
    }

    static List<String> runIds(RunWrite write) {
        return switch (write) {
            case RunWrite.Insert w -> w.runs().size() == 1 ? List.of(w.runs().getFirst().id())
                    : w.runs().stream().map(Run::id).toList();
            case RunWrite.Start w -> List.of(w.id());
            case RunWrite.Finish w -> List.of(w.id());
            case RunWrite.Barrier w -> List.of();
        };
    }

    private void commit(List<Queued> batch) {
        try {
            boolean[] applied = apply(batch);
            boolean wasFailing = failing;
            failing = false;
            stored.add(clock.millis(), writes(batch));
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).done().complete(applied[i]);
            }
            if (wasFailing && writes(batch) > 0) {
                storeIsBack.run();
            }
        } catch (SQLException e) {
            failing = true;
            if (batch.size() == 1 || unreachable(e)) {
                // Without a connection, writing the batch write by write would fail each one after the pool's wait.
                StoreException failed = new StoreException("run store write failed: " + e.getMessage(), e);
                batch.forEach(q -> fail(q, failed));
                return;
            }
            for (Queued one : batch) {
                commit(List.of(one));
            }
        }
    }

    /** Whether the database could not be reached at all (no connection, or one to a closed database). */
    private static boolean unreachable(SQLException e) {
        return e instanceof java.sql.SQLTransientConnectionException
                || e instanceof java.sql.SQLNonTransientConnectionException
                || e.getSQLState() != null && e.getSQLState().startsWith("08");
    }

    /** The writes of a batch, without its barriers (which write nothing). */
    private static int writes(List<Queued> batch) {
        int writes = 0;
        for (Queued q : batch) {
            if (!(q.write() instanceof RunWrite.Barrier)) {
                writes++;
            }
        }
        return writes;
    }

    private boolean[] apply(List<Queued> batch) throws SQLException {
        int writes = writes(batch);
        if (writes == 0) {
            // Barriers alone: what they wait for is committed already (it was queued before them), so no transaction.
            boolean[] applied = new boolean[batch.size()];
            Arrays.fill(applied, true);
            return applied;
        }
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement insert = c.prepareStatement(RunStore.INSERT);
                 PreparedStatement request = c.prepareStatement(REQUEST);
                 PreparedStatement start = c.prepareStatement(START);
                 PreparedStatement finish = c.prepareStatement(FINISH)) {
                int inserts = 0;
                int requests = 0;
                int finishes = 0;
                List<Integer> starts = new ArrayList<>();
                Map<String, RunWrite.Finish> finishing = new HashMap<>();
                Map<String, Instant> starting = new HashMap<>();
                for (Queued q : batch) {
                    if (q.write() instanceof RunWrite.Finish f) {
                        finishing.put(f.id(), f);
                    } else if (q.write() instanceof RunWrite.Start st) {
                        starting.put(st.id(), st.at());
                    }
                }
                // A run inserted in this batch is inserted as it is by the batch's end: one write instead of three.
                Set<String> merged = new HashSet<>();
                for (int i = 0; i < batch.size(); i++) {
                    switch (batch.get(i).write()) {
                        case RunWrite.Insert w -> {
                            for (Run run : w.runs()) {
                                RunStore.bindInsert(insert, latest(run, finishing.get(run.id()),
                                        starting.get(run.id())), instanceId, w.eventMeta());
                                insert.addBatch();
                                inserts++;
                                if (finishing.containsKey(run.id()) || starting.containsKey(run.id())) {
                                    merged.add(run.id());
                                }
                            }
                            if (w.key() != null) {
                                request.setString(1, w.key().scope());
                                request.setString(2, w.key().key());
                                request.setString(3, String.join(",", w.runs().stream().map(Run::id).toList()));
                                request.setLong(4, w.at().toEpochMilli());
                                request.setString(5, w.key().fingerprint());
                                request.addBatch();
                                requests++;
                            }
                        }
                        case RunWrite.Start w when finishing.containsKey(w.id()) || merged.contains(w.id()) -> {
                            // Its Finish in this batch, or its insert, writes started_at as well.
                        }
                        case RunWrite.Start w -> {
                            start.setLong(1, w.at().toEpochMilli());
                            start.setString(2, w.id());
                            start.setString(3, instanceId);
                            start.addBatch();
                            starts.add(i);
                        }
                        case RunWrite.Barrier w -> {
                            // Nothing to write: its future completes with this batch's commit.
                        }
                        case RunWrite.Finish w when merged.contains(w.id()) -> {
                            // Written by its insert in this batch.
                        }
                        case RunWrite.Finish w -> {
                            finish.setString(1, w.status().name());
                            RunStore.setInstant(finish, 2, w.startedAt());
                            finish.setLong(3, w.at().toEpochMilli());
                            finish.setString(4, w.result());
                            finish.setString(5, w.error());
                            finish.setString(6, w.logs());
                            finish.setString(7, w.id());
                            finish.addBatch();
                            finishes++;
                        }
                    }
                }
                boolean[] applied = new boolean[batch.size()];
                Arrays.fill(applied, true);
                if (inserts > 0) {
                    insert.executeBatch();
                }
                if (requests > 0) {
                    request.executeBatch();
                }
                if (!starts.isEmpty()) {
                    int[] counts = start.executeBatch();
                    for (int i = 0; i < counts.length; i++) {
                        applied[starts.get(i)] = counts[i] > 0;
                    }
                }
                if (finishes > 0) {
                    finish.executeBatch();
                }
                c.commit();
                commits.incrementAndGet();
                committed.addAndGet(writes);
                return applied;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /** Applies the writes as one batch on the calling thread (for tests of how a batch's writes combine). */
    boolean[] applyTogether(List<RunWrite> writes) throws SQLException {
        return apply(writes.stream().map(w -> new Queued(w, new CompletableFuture<>(), false, false)).toList());
    }

    /** The run as the writes of one batch leave it: finished, started, or as accepted. */
    private static Run latest(Run run, RunWrite.Finish finish, Instant startedAt) {
        if (finish != null) {
            return new Run(run.id(), run.rule(), run.file(), run.fileVersion(), run.trigger(), finish.status(),
                    run.createdAt(), finish.startedAt(), finish.at(), run.input(), finish.result(), finish.error(),
                    finish.logs());
        }
        if (startedAt != null) {
            return new Run(run.id(), run.rule(), run.file(), run.fileVersion(), run.trigger(), RunStatus.RUNNING,
                    run.createdAt(), startedAt, null, run.input(), null, null, null);
        }
        return run;
    }

    /** Whether the last transaction failed (the database is down, or a write was refused). */
    boolean failing() {
        return failing;
    }

    /** Transactions committed so far (how well writes are grouped). */
    long commits() {
        return commits.get();
    }

    /** Writes committed so far, in {@link #commits} transactions. */
    long committed() {
        return committed.get();
    }

    private void failLeftovers() {
        Queued q;
        while ((q = queue.poll()) != null) {
            fail(q, new StoreException("the run store is closed", null));
        }
        signalRoom();
    }

    private void fail(Queued q, Throwable e) {
        if (q.later()) {
            journaledWriteFailed.accept(q.write());
        }
        q.done().completeExceptionally(e);
    }

    /** Commits everything queued so far, then stops the writer thread. */
    @Override
    public void close() {
        open = false;
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        failLeftovers();
    }
}
