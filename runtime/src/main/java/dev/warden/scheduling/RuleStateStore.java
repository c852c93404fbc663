package dev.warden.scheduling;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

import javax.sql.DataSource;

import dev.warden.store.StoreException;

/**
 * Which rules are disabled, in the {@code rule_states} table: kept across restarts and shared by every instance on
 * the database. A rule is enabled unless disabled here.
 *
 * <p>{@link #isEnabled} is asked on every webhook request, so it answers from the disabled set read at most
 * {@link #FRESH_FOR} ago; a change made through this store is seen at once, one made by another instance on the
 * same database within that time. Thread-safe (every query takes its own connection).
 */
public final class RuleStateStore {

    /** How long the cached disabled set answers {@link #isEnabled} before it is read again. */
    static final Duration FRESH_FOR = Duration.ofSeconds(1);

    private record Cached(Set<String> disabled, long readAtNanos) {
    }

    private final DataSource dataSource;
    private volatile Cached cached;

    public RuleStateStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public Set<String> disabled() {
        Set<String> ids = new HashSet<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT rule_id FROM rule_states WHERE enabled = FALSE");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
            return ids;
        } catch (SQLException e) {
            throw new StoreException("cannot read rule states: " + e.getMessage(), e);
        }
    }

    public boolean isEnabled(String ruleId) {
        Cached now = cached;
        if (now == null || System.nanoTime() - now.readAtNanos() > FRESH_FOR.toNanos()) {
            long readAt = System.nanoTime();
            now = new Cached(Set.copyOf(disabled()), readAt);
            cached = now;
        }
        return !now.disabled().contains(ruleId);
    }

    public void setEnabled(String ruleId, boolean enabled, Instant at) {
        try (Connection c = dataSource.getConnection()) {
            if (write(c, "UPDATE rule_states SET enabled = ?, changed_at = ? WHERE rule_id = ?", ruleId, enabled, at)
                    == 0) {
                try {
                    write(c, "INSERT INTO rule_states (enabled, changed_at, rule_id) VALUES (?, ?, ?)", ruleId,
                            enabled, at);
                } catch (SQLException raced) {
                    // Another instance inserted the row first: ours is the later change, so update it.
                    write(c, "UPDATE rule_states SET enabled = ?, changed_at = ? WHERE rule_id = ?", ruleId, enabled,
                            at);
                }
            }
        } catch (SQLException e) {
            throw new StoreException("cannot change the state of rule " + ruleId + ": " + e.getMessage(), e);
        } finally {
            cached = null;
        }
    }

    private static int write(Connection c, String sql, String ruleId, boolean enabled, Instant at) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setBoolean(1, enabled);
            ps.setLong(2, at.toEpochMilli());
            ps.setString(3, ruleId);
            return ps.executeUpdate();
        }
    }
}
