package dev.warden.scheduling.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import javax.sql.DataSource;

import dev.warden.store.StoreException;

/**
 * Reads Quartz's tables directly for what its API only answers one trigger at a time: the next fire of every rule,
 * and which clustered instances are alive. Read-only; Quartz alone writes them. Thread-safe.
 */
public final class QuartzTables {

    /** Quartz declares an instance failed this long after a missed check-in (ClusterManager's fixed grace). */
    private static final long CHECKIN_GRACE_MILLIS = 7_500;

    private final DataSource dataSource;
    private final Clock clock;

    public QuartzTables(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    /** The earliest next fire time of each rule's triggers, by rule id. */
    public Map<String, Instant> nextFires() {
        Map<String, Instant> next = new HashMap<>();
        query("SELECT JOB_NAME, MIN(NEXT_FIRE_TIME) FROM QRTZ_TRIGGERS WHERE SCHED_NAME = ? AND TRIGGER_GROUP = ? "
                + "AND NEXT_FIRE_TIME IS NOT NULL GROUP BY JOB_NAME", rs -> next.put(rs.getString(1),
                Instant.ofEpochMilli(rs.getLong(2))), QuartzFactory.SCHEDULER_NAME, QuartzTriggers.GROUP);
        return next;
    }

    /** The instances that checked in recently enough for Quartz to consider them alive. */
    public Set<String> liveInstances() {
        Set<String> live = new HashSet<>();
        long now = clock.millis();
        query("SELECT INSTANCE_NAME, LAST_CHECKIN_TIME, CHECKIN_INTERVAL FROM QRTZ_SCHEDULER_STATE WHERE "
                + "SCHED_NAME = ?", rs -> {
                    if (rs.getLong(2) + rs.getLong(3) + CHECKIN_GRACE_MILLIS >= now) {
                        live.add(rs.getString(1));
                    }
                }, QuartzFactory.SCHEDULER_NAME);
        return live;
    }

    private interface Row {
        void read(ResultSet rs) throws SQLException;
    }

    private void query(String sql, Row row, String... parameters) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                ps.setString(i + 1, parameters[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    row.read(rs);
                }
            }
        } catch (SQLException e) {
            throw new StoreException("reading Quartz's tables failed: " + e.getMessage(), e);
        }
    }
}
