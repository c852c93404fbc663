package dev.warden.leases;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import com.github.f4b6a3.ulid.UlidCreator;

import dev.warden.store.StoreException;
import dev.warden.store.NewestFirst;

/**
 * The admin key's state, the leases and the audit trail in the database. Key-state changes happen inside
 * {@link #locked}, which holds the site's row lock ({@code SELECT ... FOR UPDATE}) so Warden processes sharing one
 * database see one holder count. Audit lines are committed on their own at once. Thread-safe.
 */
public final class LeaseStore {

    private final DataSource dataSource;

    public LeaseStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Work done while holding the site's row lock. */
    public interface Locked<T> {
        T apply(SiteRow row) throws SQLException;
    }

    /** The locked row of one site, valid inside {@link #locked} only. */
    public final class SiteRow {
        private final Connection connection;
        private final String site;
        private KeyState state;
        private Instant expiresAt;
        private boolean revokedAll;

        private SiteRow(Connection connection, String site) {
            this.connection = connection;
            this.site = site;
        }

        public KeyState state() {
            return state;
        }

        public Instant expiresAt() {
            return expiresAt;
        }

        public boolean revokedAll() {
            return revokedAll;
        }

        public void write(KeyState newState, Instant newExpiry, Instant now) throws SQLException {
            try (PreparedStatement ps = connection.prepareStatement(
                    "UPDATE admin_key_state SET state = ?, expires_at = ?, updated_at = ? WHERE site = ?")) {
                ps.setString(1, newState.name());
                setInstant(ps, 2, newExpiry);
                ps.setLong(3, now.toEpochMilli());
                ps.setString(4, site);
                ps.executeUpdate();
            }
            state = newState;
            expiresAt = newExpiry;
        }

        public void revokeAll(boolean on, Instant now) throws SQLException {
            try (PreparedStatement ps = connection.prepareStatement(
                    "UPDATE admin_key_state SET revoked_all = ?, updated_at = ? WHERE site = ?")) {
                ps.setBoolean(1, on);
                ps.setLong(2, now.toEpochMilli());
                ps.setString(3, site);
                ps.executeUpdate();
            }
            revokedAll = on;
        }

        public void insert(Lease lease, String instanceId) throws SQLException {
            try (PreparedStatement ps = connection.prepareStatement("INSERT INTO leases (id, site, instance_id, "
                    + "rule_id, run_id, request_id, minutes, status, acquired_at, hold_until, heartbeat_at) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, 'ACTIVE', ?, ?, ?)")) {
                ps.setString(1, lease.id());
                ps.setString(2, site);
                ps.setString(3, instanceId);
                ps.setString(4, lease.ruleId());
                ps.setString(5, lease.runId());
                ps.setString(6, lease.requestId());
                ps.setInt(7, lease.minutes());
                ps.setLong(8, lease.acquiredAt().toEpochMilli());
                ps.setLong(9, lease.holdUntil().toEpochMilli());
                ps.setLong(10, lease.acquiredAt().toEpochMilli());
                ps.executeUpdate();
            }
        }

        public void release(String leaseId, Instant now) throws SQLException {
            try (PreparedStatement ps = connection.prepareStatement(
                    "UPDATE leases SET status = 'RELEASED', released_at = ? WHERE id = ? AND status = 'ACTIVE'")) {
                ps.setLong(1, now.toEpochMilli());
                ps.setString(2, leaseId);
                ps.executeUpdate();
            }
        }

        /** Releases every active lease of an instance (its process died); returns them. */
        public List<Lease> releaseInstance(String instanceId, Instant now) throws SQLException {
            List<Lease> orphans = select(" AND instance_id = ?", instanceId);
            for (Lease lease : orphans) {
                release(lease.id(), now);
            }
            return orphans;
        }

        /**
         * Releases the active leases of other instances that have not heartbeat since {@code silentSince} and whose
         * run's deadline passed before {@code deadlineBefore}: their process died, whatever id it had. Returns them.
         */
        public List<HeldLease> releaseStale(String ownInstanceId, Instant silentSince, Instant deadlineBefore,
                                            Instant now) throws SQLException {
            List<HeldLease> stale = new ArrayList<>();
            for (HeldLease held : held()) {
                if (!held.instanceId().equals(ownInstanceId) && held.heartbeatAt().isBefore(silentSince)
                        && held.lease().holdUntil().isBefore(deadlineBefore)) {
                    release(held.lease().id(), now);
                    stale.add(held);
                }
            }
            return stale;
        }

        /** Active leases of this site with their holder and last heartbeat, oldest first. */
        public List<HeldLease> held() throws SQLException {
            return LeaseStore.this.held(connection, site);
        }

        /** Active leases of this site across every Warden process, oldest first. */
        public List<Lease> active() throws SQLException {
            return select("", null);
        }

        private List<Lease> select(String extraCondition, String extraArgument) throws SQLException {
            List<Lease> leases = new ArrayList<>();
            try (PreparedStatement ps = connection.prepareStatement("SELECT id, rule_id, run_id, request_id, "
                    + "minutes, acquired_at, hold_until FROM leases WHERE site = ? AND status = 'ACTIVE'"
                    + extraCondition + " ORDER BY id")) {
                ps.setString(1, site);
                if (extraArgument != null) {
                    ps.setString(2, extraArgument);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        leases.add(new Lease(rs.getString(1), site, rs.getString(2), rs.getString(3),
                                rs.getString(4), rs.getInt(5), Instant.ofEpochMilli(rs.getLong(6)),
                                Instant.ofEpochMilli(rs.getLong(7))));
                    }
                }
            }
            return leases;
        }
    }

    /**
     * An active lease with the instance that holds it and when that instance last said it is alive.
     */
    public record HeldLease(Lease lease, String instanceId, Instant heartbeatAt) {
    }

    /** Stamps the active leases of one instance as alive (outside any row lock: it only touches that instance's rows). */
    public void heartbeat(String site, String instanceId, Instant now) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "UPDATE leases SET heartbeat_at = ? WHERE site = ? AND instance_id = ? AND status = 'ACTIVE'")) {
            ps.setLong(1, now.toEpochMilli());
            ps.setString(2, site);
            ps.setString(3, instanceId);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("cannot record the lease heartbeat: " + e.getMessage(), e);
        }
    }

    /** Active leases of a site with holder and heartbeat, read without the row lock (for listings). */
    public List<HeldLease> held(String site) {
        try (Connection c = dataSource.getConnection()) {
            return held(c, site);
        } catch (SQLException e) {
            throw new StoreException("cannot read the leases: " + e.getMessage(), e);
        }
    }

    private static List<HeldLease> held(Connection c, String site) throws SQLException {
        List<HeldLease> leases = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT id, rule_id, run_id, request_id, minutes, acquired_at, "
                + "hold_until, instance_id, heartbeat_at FROM leases WHERE site = ? AND status = 'ACTIVE' ORDER BY id")) {
            ps.setString(1, site);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Instant acquired = Instant.ofEpochMilli(rs.getLong(6));
                    long beat = rs.getLong(9);
                    Instant heartbeat = rs.wasNull() ? acquired : Instant.ofEpochMilli(beat);
                    leases.add(new HeldLease(new Lease(rs.getString(1), site, rs.getString(2), rs.getString(3),
                            rs.getString(4), rs.getInt(5), acquired, Instant.ofEpochMilli(rs.getLong(7))),
                            rs.getString(8), heartbeat));
                }
            }
        }
        return leases;
    }

    public <T> T locked(String site, Instant now, Locked<T> work) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                SiteRow row = new SiteRow(c, site);
                if (!read(c, row)) {
                    try (PreparedStatement ps = c.prepareStatement("INSERT INTO admin_key_state "
                            + "(site, state, expires_at, revoked_all, updated_at) VALUES (?, 'DISABLED', NULL, FALSE, ?)")) {
                        ps.setString(1, site);
                        ps.setLong(2, now.toEpochMilli());
                        ps.executeUpdate();
                    }
                    read(c, row);
                }
                T result = work.apply(row);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreException("lease store failed: " + e.getMessage(), e);
        }
    }

    private static boolean read(Connection c, SiteRow row) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT state, expires_at, revoked_all FROM admin_key_state WHERE site = ? FOR UPDATE")) {
            ps.setString(1, row.site);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return false;
                }
                row.state = KeyState.valueOf(rs.getString(1));
                long expiry = rs.getLong(2);
                row.expiresAt = rs.wasNull() ? null : Instant.ofEpochMilli(expiry);
                row.revokedAll = rs.getBoolean(3);
                return true;
            }
        }
    }

    /** Writes an audit line and commits it at once, so it survives a crash that follows. */
    public AuditEntry audit(AuditEntry entry) {
        AuditEntry withId = new AuditEntry(UlidCreator.getMonotonicUlid().toString(), entry.at(), entry.site(),
                entry.account(), entry.action(), entry.ruleId(), entry.runId(), entry.requestId(), entry.expiresAt(),
                entry.detail() == null || entry.detail().length() <= 4000 ? entry.detail()
                        : entry.detail().substring(0, 4000));
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO lease_audit (id, at, site, account, action, rule_id, run_id, request_id, expires_at, "
                        + "detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, withId.id());
            ps.setLong(2, withId.at().toEpochMilli());
            ps.setString(3, withId.site());
            ps.setString(4, withId.account());
            ps.setString(5, withId.action());
            ps.setString(6, withId.ruleId());
            ps.setString(7, withId.runId());
            ps.setString(8, withId.requestId());
            setInstant(ps, 9, withId.expiresAt());
            ps.setString(10, withId.detail());
            ps.executeUpdate();
            return withId;
        } catch (SQLException e) {
            throw new StoreException("cannot write the lease audit: " + e.getMessage(), e);
        }
    }

    /** Audit lines, newest first, optionally only of one run or one action. */
    public List<AuditEntry> auditTrail(String runId, String action, int limit) {
        try {
            return new NewestFirst("SELECT id, at, site, account, action, rule_id, run_id, request_id, expires_at, "
                    + "detail FROM lease_audit").where("run_id", runId).where("action", action)
                    .fetch(dataSource, limit, rs -> {
                        long expiry = rs.getLong(9);
                        Instant expiresAt = rs.wasNull() ? null : Instant.ofEpochMilli(expiry);
                        return new AuditEntry(rs.getString(1), Instant.ofEpochMilli(rs.getLong(2)), rs.getString(3),
                                rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8),
                                expiresAt, rs.getString(10));
                    });
        } catch (SQLException e) {
            throw new StoreException("cannot read the lease audit: " + e.getMessage(), e);
        }
    }

    private static void setInstant(PreparedStatement ps, int index, Instant value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.BIGINT);
        } else {
            ps.setLong(index, value.toEpochMilli());
        }
    }
}
