package dev.warden.keys;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.sql.DataSource;

/** The {@code api_keys} table. Holds hashes, never secrets. Thread-safe (a connection per call). */
final class KeyStore {

    /** A key with the hash of its secret. */
    record Stored(ApiKey key, String hash) {
    }

    private static final String COLUMNS = "id, name, prefix, hash, scopes, rule_limits, hook_limits, created_at, "
            + "created_by, expires_at, revoked_at, last_used_at";

    private final DataSource dataSource;

    KeyStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Inserts the key unless a key in use (neither revoked nor expired at {@code now}) has the same name, letter case
     * aside: the check and the insert are one transaction.
     *
     * <p>The table has no unique index on names: databases of earlier versions may hold duplicates, and revoked
     * keys keep theirs. So two processes on one database creating the same name at the same moment could both
     * succeed; {@link ApiKeys} serializes creations within a process, which covers the server and its API.
     *
     * @throws KeyNameTaken naming the key in use, when there is one; nothing is inserted then
     */
    void insertUnlessNameTaken(ApiKey key, String hash, Instant now) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                ApiKey holder = inUseNamed(c, key.name(), now);
                if (holder != null) {
                    throw new KeyNameTaken(key.name(), holder);
                }
                insert(c, key, hash);
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot store API key: " + e.getMessage(), e);
        }
    }

    /** The oldest key in use named {@code name} (letter case aside), or null. */
    private static ApiKey inUseNamed(Connection c, String name, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM api_keys WHERE revoked_at IS "
                + "NULL AND (expires_at IS NULL OR expires_at > ?) ORDER BY created_at, id")) {
            ps.setLong(1, now.toEpochMilli());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    // Compared here rather than with SQL's LOWER(), whose rules differ between H2 and PostgreSQL.
                    if (rs.getString("name").trim().equalsIgnoreCase(name.trim())) {
                        return read(rs).key();
                    }
                }
            }
        }
        return null;
    }

    private static void insert(Connection c, ApiKey key, String hash) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO api_keys (id, name, prefix, hash, scopes, "
                + "rule_limits, hook_limits, created_at, created_by, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, "
                + "?)")) {
            ps.setString(1, key.id());
            ps.setString(2, key.name());
            ps.setString(3, key.prefix());
            ps.setString(4, hash);
            ps.setString(5, String.join(",", key.scopes().stream().map(Scope::id).sorted().toList()));
            ps.setString(6, String.join(",", key.rules()));
            ps.setString(7, String.join(",", key.hooks()));
            ps.setLong(8, key.createdAt().toEpochMilli());
            ps.setString(9, key.createdBy());
            if (key.expiresAt() == null) {
                ps.setNull(10, Types.BIGINT);
            } else {
                ps.setLong(10, key.expiresAt().toEpochMilli());
            }
            ps.executeUpdate();
        }
    }

    List<Stored> all() {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM api_keys ORDER BY created_at, "
                     + "id");
             ResultSet rs = ps.executeQuery()) {
            List<Stored> keys = new ArrayList<>();
            while (rs.next()) {
                keys.add(read(rs));
            }
            return keys;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read API keys: " + e.getMessage(), e);
        }
    }

    /** Marks the key revoked; false when it does not exist or already was. */
    boolean revoke(String id, Instant at) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE api_keys SET revoked_at = ? WHERE id = ? AND "
                     + "revoked_at IS NULL")) {
            ps.setLong(1, at.toEpochMilli());
            ps.setString(2, id);
            return ps.executeUpdate() > 0;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot revoke API key: " + e.getMessage(), e);
        }
    }

    /** Replaces a key's stored prefix (the first characters of a chosen secret, as older versions stored it). */
    void setPrefix(String id, String prefix) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE api_keys SET prefix = ? WHERE id = ?")) {
            ps.setString(1, prefix);
            ps.setString(2, id);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot update a key's prefix: " + e.getMessage(), e);
        }
    }

    /** Writes last-used times in one batch. */
    void touch(Map<String, Instant> lastUsed) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE api_keys SET last_used_at = ? WHERE id = ?")) {
            for (Map.Entry<String, Instant> e : lastUsed.entrySet()) {
                ps.setLong(1, e.getValue().toEpochMilli());
                ps.setString(2, e.getKey());
                ps.addBatch();
            }
            ps.executeBatch();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot record key use: " + e.getMessage(), e);
        }
    }

    private static Stored read(ResultSet rs) throws SQLException {
        Set<Scope> scopes = EnumSet.noneOf(Scope.class);
        list(rs.getString("scopes")).forEach(s -> scopes.add(Scope.parse(s)));
        ApiKey key = new ApiKey(rs.getString("id"), rs.getString("name"), rs.getString("prefix"), Set.copyOf(scopes),
                list(rs.getString("rule_limits")), list(rs.getString("hook_limits")), instant(rs, "created_at"),
                rs.getString("created_by"), instant(rs, "expires_at"), instant(rs, "revoked_at"),
                instant(rs, "last_used_at"));
        return new Stored(key, rs.getString("hash"));
    }

    private static List<String> list(String joined) {
        return joined == null || joined.isBlank() ? List.of() : Arrays.asList(joined.split(","));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(value);
    }
}
