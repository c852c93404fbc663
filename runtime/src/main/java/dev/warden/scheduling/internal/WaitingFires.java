package dev.warden.scheduling.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import javax.sql.DataSource;

import com.github.f4b6a3.ulid.UlidFactory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import dev.warden.runs.TriggerEvent;
import dev.warden.store.StoreException;

/**
 * The {@code waiting_fires} table: fires of concurrency {@code queue} rules that wait for an earlier run, each owned by
 * the instance that queued it. A fire is written when it starts waiting and deleted once its run is submitted, so
 * that a restart (or, in a cluster, a survivor) finds the fires a stopped instance still held. Thread-safe.
 */
public final class WaitingFires {

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    /** Ids sort as the fires were queued. */
    private static final UlidFactory IDS = UlidFactory.newMonotonicInstance();

    /** One waiting fire as stored. */
    record Waiting(String id, String owner, String ruleId, TriggerEvent event, Instant queuedAt) {
    }

    private final DataSource dataSource;
    private final String instanceId;

    public WaitingFires(DataSource dataSource, String instanceId) {
        this.dataSource = dataSource;
        this.instanceId = instanceId;
    }

    /** Stores a fire that starts waiting now, owned by this instance. */
    Waiting add(String ruleId, TriggerEvent event, Instant now) {
        Waiting waiting = new Waiting(IDS.create(now.toEpochMilli()).toString(), instanceId, ruleId, event, now);
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO waiting_fires (id, instance_id, rule_id, event, "
                     + "queued_at) VALUES (?, ?, ?, ?, ?)")) {
            ps.setString(1, waiting.id());
            ps.setString(2, instanceId);
            ps.setString(3, ruleId);
            ps.setString(4, JSON.writeValueAsString(event));
            ps.setLong(5, now.toEpochMilli());
            ps.executeUpdate();
            return waiting;
        } catch (SQLException | JsonProcessingException e) {
            throw new StoreException("cannot store a waiting fire of rule " + ruleId + ": " + e.getMessage(), e);
        }
    }

    void remove(String id) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("DELETE FROM waiting_fires WHERE id = ?")) {
            ps.setString(1, id);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("cannot delete waiting fire " + id + ": " + e.getMessage(), e);
        }
    }

    /**
     * Takes over, oldest first, the stored fires whose owner is this instance ({@code own}) or one {@code orphaned}
     * says is gone;
     * of several instances taking over at once, each fire goes to one. A row that no longer reads as an event is
     * returned with a null event, to be recorded and deleted.
     */
    List<Waiting> takeOver(boolean own, Predicate<String> orphaned) {
        List<Waiting> found = new ArrayList<>();
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement("SELECT id, instance_id, rule_id, event, queued_at FROM "
                    + "waiting_fires ORDER BY id");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String owner = rs.getString(2);
                    if (owner.equals(instanceId) ? own : orphaned.test(owner)) {
                        found.add(new Waiting(rs.getString(1), owner, rs.getString(3), event(rs.getString(4)),
                                Instant.ofEpochMilli(rs.getLong(5))));
                    }
                }
            }
            List<Waiting> taken = new ArrayList<>();
            for (Waiting waiting : found) {
                if (waiting.owner().equals(instanceId) || claim(c, waiting)) {
                    taken.add(waiting);
                }
            }
            return taken;
        } catch (SQLException e) {
            throw new StoreException("cannot read the waiting fires: " + e.getMessage(), e);
        }
    }

    private boolean claim(Connection c, Waiting waiting) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE waiting_fires SET instance_id = ? WHERE id = ? AND "
                + "instance_id = ?")) {
            ps.setString(1, instanceId);
            ps.setString(2, waiting.id());
            ps.setString(3, waiting.owner());
            return ps.executeUpdate() == 1;
        }
    }

    private static TriggerEvent event(String json) {
        try {
            return JSON.readValue(json, TriggerEvent.class);
        } catch (JsonProcessingException e) {
            return null;
        }
    }
}
