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
 * Makes requests with an idempotency key happen once: a retry gets the runs of the first request, never new ones;
 * the same key with another input is refused (as the IETF Idempotency-Key draft and Stripe do), since answering it
 * with the first request's runs would drop the second request without a word.
 *
 * <p>Concurrent duplicates in this process wait for the first; later ones find its row in {@code run_requests},
 * which the {@link RunWriter} stores in the same transaction as the runs, so a key never outlives or predates its
 * runs. The primary key stops duplicates that race from two processes. Thread-safe.
 */
final class RunRequests {

    private final DataSource dataSource;
    private final RunStore store;
    private final Clock clock;
    /** Requests with a key being accepted now, by {@link RequestKey#id}: duplicates wait for the first. */
    private final Map<String, InFlight> inFlight = new ConcurrentHashMap<>();

    private record InFlight(String fingerprint, CompletableFuture<Accepted> accepted) {
    }

    /** What a key was first used for: its runs and the fingerprint of its input (null for keys stored before). */
    private record Earlier(List<String> runIds, String fingerprint) {
    }

    RunRequests(DataSource dataSource, RunStore store, Clock clock) {
        this.dataSource = dataSource;
        this.store = store;
        this.clock = clock;
    }

    /**
     * The first request's runs (marked replayed) when the key was seen within 24 h with the same input, else what
     * {@code accept} gives.
     *
     * @throws RunRejectedException KEY_REUSED when the key was seen with another input (nothing is started)
     */
    Accepted once(RequestKey key, Supplier<Accepted> accept) {
        InFlight mine = new InFlight(key.fingerprint(), new CompletableFuture<>());
        InFlight first = inFlight.putIfAbsent(key.id(), mine);
        if (first != null) {
            try {
                Accepted accepted = first.accepted().join();
                requireSameInput(key, first.fingerprint(), accepted.runs().stream().map(Run::id).toList());
                return new Accepted(accepted.runs(), true);
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : e;
            }
        }
        try {
            Accepted accepted = earlier(key).map(e -> replay(key, e)).orElseGet(() -> {
                try {
                    return accept.get();
                } catch (StoreException e) {
                    return earlier(key).map(found -> replay(key, found)).orElseThrow(() -> e);
                }
            });
            mine.accepted().complete(accepted);
            return accepted;
        } catch (RuntimeException e) {
            mine.accepted().completeExceptionally(e);
            throw e;
        } finally {
            inFlight.remove(key.id(), mine);
        }
    }

    private Accepted replay(RequestKey key, Earlier earlier) {
        requireSameInput(key, earlier.fingerprint(), earlier.runIds());
        return new Accepted(store.getAll(earlier.runIds()), true);
    }

    private static void requireSameInput(RequestKey key, String firstFingerprint, List<String> runIds) {
        if (firstFingerprint != null && key.fingerprint() != null && !firstFingerprint.equals(key.fingerprint())) {
            throw new RunRejectedException(RunRejectedException.Reason.KEY_REUSED, "the idempotency key '"
                    + key.key() + "' was used within the last " + RequestKey.WINDOW.toHours() + " h for another "
                    + "request body (runs " + String.join(", ", runIds) + "), so nothing was started: a retry must "
                    + "send the same body, and a new request a new key");
        }
    }

    /** The runs stored under the key, unless older than the window (then the stale row is dropped). */
    private Optional<Earlier> earlier(RequestKey key) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT run_ids, created_at, fingerprint FROM run_requests "
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
                return Optional.of(new Earlier(Arrays.asList(rs.getString(1).split(",")), rs.getString(3)));
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
