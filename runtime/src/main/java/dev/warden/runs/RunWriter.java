package dev.warden.runs;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes run records by group commit: whatever writes are waiting when the writer thread comes round go into one
 * JDBC batch and one transaction, and each caller's future completes only once that transaction has committed.
 *
 * <p>A transaction per request would cap throughput at the database's commit rate; one commit per batch does not,
 * and still no write is acknowledged before it is durable. A run's RUNNING mark and its end in the same batch are
 * written as one update. A batch that fails is retried write by write, so one bad write (a duplicate idempotency
 * key) fails alone. Lifecycle: construct (starts the thread), {@link #write},
 * {@link #close} (commits what was queued). Thread-safe.
 */
final class RunWriter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RunWriter.class);
    private static final int MAX_BATCH = 512;
    private static final String START = "UPDATE runs SET status = 'RUNNING', started_at = ? WHERE id = ? "
            + "AND status = 'QUEUED' AND (instance_id IS NULL OR instance_id = ?)";
    private static final String FINISH = "UPDATE runs SET status = ?, started_at = ?, finished_at = ?, result = ?, "
            + "error = ?, logs = ? WHERE id = ?";
    private static final String REQUEST = "INSERT INTO run_requests (scope, request_key, run_ids, created_at) "
            + "VALUES (?, ?, ?, ?)";

    private record Queued(RunWrite write, CompletableFuture<Boolean> done) {
    }

    private final DataSource dataSource;
    private final String instanceId;
    private final BlockingQueue<Queued> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile boolean open = true;
    private final java.util.concurrent.atomic.AtomicLong commits = new java.util.concurrent.atomic.AtomicLong();

    RunWriter(DataSource dataSource) {
        this(dataSource, null);
    }

    /** @param instanceId the owner written with every insert; a Start takes effect only while it owns the run */
    RunWriter(DataSource dataSource, String instanceId) {
        this.dataSource = dataSource;
        this.instanceId = instanceId;
        this.thread = Thread.ofPlatform().name("warden-run-writer").daemon().start(this::loop);
    }

    /** Completes once committed: true, or false for a {@link RunWrite.Start} that found the run no longer QUEUED. */
    CompletableFuture<Boolean> write(RunWrite write) {
        CompletableFuture<Boolean> done = new CompletableFuture<>();
        queue.add(new Queued(write, done));
        if (!open) {
            failLeftovers();
        }
        return done;
    }

    private void loop() {
        List<Queued> batch = new ArrayList<>();
        while (open || !queue.isEmpty()) {
            try {
                Queued first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                commit(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.error("run writer failed a batch of {}; it keeps writing", batch.size(), e);
                batch.forEach(q -> q.done().completeExceptionally(e));
            } finally {
                batch.clear();
            }
        }
    }

    private void commit(List<Queued> batch) {
        try {
            boolean[] applied = apply(batch);
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).done().complete(applied[i]);
            }
        } catch (SQLException e) {
            if (batch.size() == 1) {
                batch.getFirst().done().completeExceptionally(new StoreException("run store write failed: "
                        + e.getMessage(), e));
                return;
            }
            for (Queued one : batch) {
                commit(List.of(one));
            }
        }
    }

    private boolean[] apply(List<Queued> batch) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement insert = c.prepareStatement(RunStore.INSERT);
                 PreparedStatement request = c.prepareStatement(REQUEST);
                 PreparedStatement start = c.prepareStatement(START);
                 PreparedStatement finish = c.prepareStatement(FINISH)) {
                int inserts = 0;
                int requests = 0;
                List<Integer> starts = new ArrayList<>();
                java.util.Set<String> finishing = new java.util.HashSet<>();
                for (Queued q : batch) {
                    if (q.write() instanceof RunWrite.Finish f) {
                        finishing.add(f.id());
                    }
                }
                for (int i = 0; i < batch.size(); i++) {
                    switch (batch.get(i).write()) {
                        case RunWrite.Insert w -> {
                            for (Run run : w.runs()) {
                                RunStore.bindInsert(insert, run, instanceId, w.eventMeta());
                                insert.addBatch();
                                inserts++;
                            }
                            if (w.key() != null) {
                                request.setString(1, w.key().scope());
                                request.setString(2, w.key().key());
                                request.setString(3, String.join(",", w.runs().stream().map(Run::id).toList()));
                                request.setLong(4, w.at().toEpochMilli());
                                request.addBatch();
                                requests++;
                            }
                        }
                        case RunWrite.Start w when finishing.contains(w.id()) -> {
                            // Its Finish in this batch writes started_at as well.
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
                        case RunWrite.Finish w -> {
                            finish.setString(1, w.status().name());
                            RunStore.setInstant(finish, 2, w.startedAt());
                            finish.setLong(3, w.at().toEpochMilli());
                            finish.setString(4, w.result());
                            finish.setString(5, w.error());
                            finish.setString(6, w.logs());
                            finish.setString(7, w.id());
                            finish.addBatch();
                        }
                    }
                }
                boolean[] applied = new boolean[batch.size()];
                java.util.Arrays.fill(applied, true);
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
                finish.executeBatch();
                c.commit();
                commits.incrementAndGet();
                return applied;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /** Transactions committed so far (how well writes are grouped). */
    long commits() {
        return commits.get();
    }

    private void failLeftovers() {
        Queued q;
        while ((q = queue.poll()) != null) {
            q.done().completeExceptionally(new StoreException("the run store is closed", null));
        }
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
