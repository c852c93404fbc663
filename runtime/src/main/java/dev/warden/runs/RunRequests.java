package dev.warden.runs;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import javax.sql.DataSource;

import dev.warden.store.StoreException;

/**
 * Makes requests with an idempotency key happen once: a retry gets the runs of the first request, never new ones.
 *
 * <p>Concurrent duplicates in this process wait for the first; later ones find its row in {@code run_requests},
 * which the {@link RunWriter} stores in the same transaction as the runs, so a key never outlives or predates its
 * runs. The primary key stops duplicates that race from two processes. Thread-safe.
 */
final class RunRequests {

    private final DataSource dataSource;
    private final RunStore store;
    private final Clock clock;
    private final Map<RequestKey, CompletableFuture<Accepted>> inFlight = new ConcurrentHashMap<>();

    RunRequests(DataSource dataSource, RunStore store, Clock clock) {
        this.dataSource = dataSource;
        this.store = store;
        this.clock = clock;
    }

    /** The first request's runs (marked replayed) when the key was seen within 24 h, else what {@code accept} gives. */
    Accepted once(RequestKey key, Supplier<Accepted> accept) {
        CompletableFuture<Accepted> mine = new CompletableFuture<>();
        CompletableFuture<Accepted> first = inFlight.putIfAbsent(key, mine);
        if (first != null) {
            try {
                return new Accepted(first.join().runs(), true);
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : e;
            }
        }
        try {
            Accepted accepted = earlier(key).map(this::replay).orElseGet(() -> {
                try {
                    return accept.get();
                } catch (StoreException e) {
                    return earlier(key).map(this::replay).orElseThrow(() -> e);
                }
            });
            mine.complete(accepted);
            return accepted;
        } catch (RuntimeException e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            inFlight.remove(key, mine);
        }
    }

    private Accepted replay(List<String> runIds) {
        return new Accepted(store.getAll(runIds), true);
    }

    /** The run ids stored under the key, unless older than the window (then the stale row is dropped). */
    private Optional<List<String>> earlier(RequestKey key) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT run_ids, created_at FROM run_requests "
                     + "WHERE scope = ? AND request_key = ?")) {
            ps.setString(1, key.scope());
            ps.setString(2, key.key());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                if (rs.getLong(2) < cutoff().toEpochMilli()) {
                    delete(c, key);
                    return Optional.empty();
                }
                return Optional.of(Arrays.asList(rs.getString(1).split(",")));
            }
        } catch (SQLException e) {
            throw new StoreException("cannot look up idempotency key: " + e.getMessage(), e);
        }
    }

    private static void delete(Connection c, RequestKey key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM run_requests WHERE scope = ? AND request_key = ?")) {
            ps.setString(1, key.scope());
            ps.setString(2, key.key());
            ps.executeUpdate();
        }
    }

    /** Forgets keys older than the window; returns how many. */
    int purge() {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("DELETE FROM run_requests WHERE created_at < ?")) {
            ps.setLong(1, cutoff().toEpochMilli());
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("cannot purge idempotency keys: " + e.getMessage(), e);
        }
    }

    private Instant cutoff() {
        return clock.instant().minus(RequestKey.WINDOW);
    }
}
