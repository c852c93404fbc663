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

    private final DataSource dataSource;

    KeyStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    void insert(ApiKey key, String hash) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO api_keys (id, name, prefix, hash, scopes, "
                     + "rule_limits, hook_limits, created_at, created_by, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, "
                     + "?, ?)")) {
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
        } catch (SQLException e) {
            throw new IllegalStateException("cannot store API key: " + e.getMessage(), e);
        }
    }

    List<Stored> all() {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT id, name, prefix, hash, scopes, rule_limits, "
                     + "hook_limits, created_at, created_by, expires_at, revoked_at, last_used_at FROM api_keys "
                     + "ORDER BY created_at, id");
             ResultSet rs = ps.executeQuery()) {
            List<Stored> keys = new ArrayList<>();
            while (rs.next()) {
                Set<Scope> scopes = EnumSet.noneOf(Scope.class);
                list(rs.getString("scopes")).forEach(s -> scopes.add(Scope.parse(s)));
                ApiKey key = new ApiKey(rs.getString("id"), rs.getString("name"), rs.getString("prefix"),
                        Set.copyOf(scopes), list(rs.getString("rule_limits")), list(rs.getString("hook_limits")),
                        instant(rs, "created_at"), rs.getString("created_by"), instant(rs, "expires_at"),
                        instant(rs, "revoked_at"), instant(rs, "last_used_at"));
                keys.add(new Stored(key, rs.getString("hash")));
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

    /** Writes last-used times in one batch. */
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

    private static List<String> list(String joined) {
        return joined == null || joined.isBlank() ? List.of() : Arrays.asList(joined.split(","));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(value);
    }
}
