package dev.warden.store.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps an H2 file database compact when it commits with {@code WRITE_DELAY 0}, as Warden's does.
 *
 * <p>H2's file is a sequence of chunks, one written per commit. A chunk's space is reused only once none of its
 * pages is live any more and it is older than the store's retention time (45 s by default). H2 rewrites the live
 * pages of sparse chunks in a background thread, but starts that thread only when commits are written with a delay;
 * with {@code WRITE_DELAY 0} nothing ever rewrote them, and a chunk kept alive by one page kept its whole space. At
 * 100 single-run commits a second for 90 s, the file grew to 406 MB for 43 MB of inputs ({@code bench/run
 * store-file}), by about 3 MB/s once the first 45 s had passed. Every second, this:
 * <ol>
 * <li>syncs the file, so everything written more than a second ago is on the disk, not only in the OS's cache
 * (H2 itself leaves that to the OS, which may take 30 s);</li>
 * <li>rewrites up to {@value #REWRITE_BYTES} bytes of live pages out of the sparsest old chunks while the chunks'
 * fill rate is under {@value #TARGET_FILL_RATE}% ({@code MVStore.compact}), and commits them, so those chunks free
 * up.</li>
 * </ol>
 * Because of the sync it also lowers the retention time to {@value #RETENTION_MS} ms: H2 keeps dead chunks that long
 * on the assumption that the OS has written what replaced them by then. Under the same load the file then held
 * 108 MB. The space freed is reused by later writes; the file does not shrink while Warden runs.
 *
 * <p>When H2 closed the database under Warden (a full disk, a {@code SHUTDOWN}), a pass opens it again through the
 * pool and goes on with the new store, reporting the outage to {@link H2Outage}; until it opens, a pass is one
 * attempt a second.
 */
public final class H2Housekeeper implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(H2Housekeeper.class);

    static final Duration EVERY = Duration.ofSeconds(1);
    static final int RETENTION_MS = 5_000;
    static final int TARGET_FILL_RATE = 80;
    static final int REWRITE_BYTES = 4 << 20;
    /**
     * How long a reopened store must stay open before the database counts as back: on a full disk H2 opens the file
     * and closes it again at the next write, and the outage would be logged again and again.
     */
    static final Duration STAYS_OPEN = Duration.ofSeconds(5);

    private final DataSource dataSource;
    private final H2Outage outage;
    private final int retentionMs;
    private volatile MVStore store;
    private final int h2Retention;
    private final ScheduledExecutorService timer;
    private final AtomicLong passes = new AtomicLong();
    private volatile boolean warned;
    /** When the store was last reopened ({@link System#nanoTime}), until the database counts as back; else 0. */
    private long reopenedAt;

    private H2Housekeeper(DataSource dataSource, H2Outage outage, MVStore store, Duration every, int retentionMs) {
        if (every.multipliedBy(2).toMillis() > retentionMs) {
            throw new IllegalArgumentException("housekeeping every " + every + " is too rare for a retention time of "
                    + retentionMs + " ms");
        }
        this.dataSource = dataSource;
        this.outage = outage;
        this.retentionMs = retentionMs;
        this.store = store;
        this.h2Retention = store.getRetentionTime();
        store.setRetentionTime(retentionMs);
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "warden-h2-housekeeping");
            t.setDaemon(true);
            return t;
        });
        long ms = Math.max(1, every.toMillis());
        timer.scheduleWithFixedDelay(this::runPass, ms, ms, TimeUnit.MILLISECONDS);
    }

    /**
     * Starts housekeeping if {@code dataSource} is an embedded H2 file database that commits with no write delay
     * (H2 runs its own housekeeping otherwise); else returns empty.
     */
    public static Optional<H2Housekeeper> startIfNeeded(DataSource dataSource, H2Outage outage) {
        return startIfNeeded(dataSource, outage, EVERY, RETENTION_MS);
    }

    /** As {@link #startIfNeeded(DataSource, H2Outage)}, without outage reports. */
    public static Optional<H2Housekeeper> startIfNeeded(DataSource dataSource) {
        return startIfNeeded(dataSource, new H2Outage(), EVERY, RETENTION_MS);
    }

    /** As {@link #startIfNeeded(DataSource)}, with a pass every {@code every} and chunks kept {@code retentionMs}. */
    static Optional<H2Housekeeper> startIfNeeded(DataSource dataSource, Duration every, int retentionMs) {
        return startIfNeeded(dataSource, new H2Outage(), every, retentionMs);
    }

    private static Optional<H2Housekeeper> startIfNeeded(DataSource dataSource, H2Outage outage, Duration every,
                                                         int retentionMs) {
        MVStore store = mvStore(dataSource);
        if (store == null || store.getFileStore() == null || store.isReadOnly() || store.getAutoCommitDelay() != 0) {
            return Optional.empty();
        }
        return Optional.of(new H2Housekeeper(dataSource, outage, store, every, retentionMs));
    }

    /** One pass now, on the caller's thread, as the scheduled passes run it. */
    public void runPass() {
        MVStore store = this.store;
        if (store.isClosed()) {
            store = reopened();
            if (store == null) {
                return;
            }
        }
        try {
            store.getFileStore().sync();
            if (store.compact(TARGET_FILL_RATE, REWRITE_BYTES) && store.hasUnsavedChanges()) {
                store.commit();
            }
            passes.incrementAndGet();
            if (reopenedAt != 0 && System.nanoTime() - reopenedAt >= STAYS_OPEN.toNanos()) {
                reopenedAt = 0;
                outage.back();
            }
        } catch (RuntimeException e) {
            if (!store.isClosed() && !warned) {
                warned = true;
                LOG.warn("H2 file housekeeping failed (the database keeps working; its file may grow): {}",
                        e.toString());
            }
        }
    }

    /**
     * The store of the database opened again through the pool (H2 opens the file at the next connection), or null
     * while it cannot be opened; each attempt is one connection, a second apart. The database counts as back once
     * the store has stayed open for {@link #STAYS_OPEN}.
     */
    private MVStore reopened() {
        outage.lost("its store is closed");
        MVStore reopened;
        try {
            reopened = mvStore(dataSource);
        } catch (RuntimeException e) {
            return null; // Still closed, or the file cannot be opened yet: the next pass tries again.
        }
        if (reopened == null || reopened.isClosed()) {
            return null;
        }
        reopened.setRetentionTime(retentionMs);
        store = reopened;
        reopenedAt = System.nanoTime();
        return reopened;
    }

    /** The size of the database file now. */
    public long fileBytes() {
        return store.getFileStore().size();
    }

    /** The passes that completed so far. */
    public long passes() {
        return passes.get();
    }

    /**
     * Stops the passes, after the one running if any, and gives the store back H2's retention time. The running pass
     * is not interrupted: an interrupt during the sync closes H2's file channel (NIO closes a channel whose thread is
     * interrupted in I/O), and the database with it; {@code bench/run retention} logged "Could not sync file" from
     * {@code shutdownNow} here.
     */
    @Override
    public void close() {
        timer.shutdown();
        try {
            if (!timer.awaitTermination(60, TimeUnit.SECONDS)) {
                LOG.warn("H2 file housekeeping still running after 60 s; closing the database anyway");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!store.isClosed()) {
            store.setRetentionTime(h2Retention);
        }
    }

    private static MVStore mvStore(DataSource dataSource) {
        try (Connection c = dataSource.getConnection()) {
            if (!c.isWrapperFor(JdbcConnection.class)
                    || !(c.unwrap(JdbcConnection.class).getSession() instanceof SessionLocal session)) {
                return null; // not H2, or a client of an H2 server, which keeps its own file
            }
            try (java.sql.Statement probe = c.createStatement()) {
                // A pooled connection to a database H2 closed fails here, and the pool evicts it (H2Outage).
                probe.execute("SELECT 1");
            }
            var database = session.getDatabase();
            return database.isPersistent() && database.getStore() != null ? database.getStore().getMvStore() : null;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot reach H2's store for housekeeping: " + e.getMessage(), e);
        }
    }
}
