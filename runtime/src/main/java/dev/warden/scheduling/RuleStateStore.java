package dev.warden.scheduling;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

import javax.sql.DataSource;

import dev.warden.runs.StoreException;

/**
 * Which rules are disabled, in the {@code rule_states} table: kept across restarts and shared by every instance on
 * the database. A rule is enabled unless disabled here. Thread-safe (every call takes its own connection).
 */
public final class RuleStateStore {

    private final DataSource dataSource;

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
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT enabled FROM rule_states WHERE rule_id = ?")) {
            ps.setString(1, ruleId);
            try (ResultSet rs = ps.executeQuery()) {
                return !rs.next() || rs.getBoolean(1);
            }
        } catch (SQLException e) {
            throw new StoreException("cannot read the state of rule " + ruleId + ": " + e.getMessage(), e);
        }
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
