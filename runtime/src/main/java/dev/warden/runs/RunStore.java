package dev.warden.runs;

import java.io.IOException;
import java.net.InetAddress;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;

import javax.sql.DataSource;

import dev.warden.store.StoreException;
import dev.warden.store.NewestFirst;

/**
 * Reads and writes run records over JDBC. Every run it inserts is owned by its {@link #instanceId()}, so that
 * instances sharing one database recover only runs no live instance owns. Thread-safe (every call takes its own
 * connection).
 */
public final class RunStore {

    private static final String COLUMNS = "id, rule_id, file, file_version, trigger_type, trigger_name, input, "
            + "status, created_at, started_at, finished_at, result, error, logs, scheduled_for, catch_up, replay_of";

    private static final SecureRandom RANDOM = new SecureRandom();

    private final DataSource dataSource;
    private final String instanceId;
    private final LongAdder purgeTransactions = new LongAdder();

    public RunStore(DataSource dataSource) {
        this(dataSource, newInstanceId());
    }

    /** @param instanceId the name of this Warden process, unique among the instances sharing the database */
    public RunStore(DataSource dataSource, String instanceId) {
        this.dataSource = dataSource;
        this.instanceId = instanceId;
    }

    /** Host, process and a random part: unique per process start, readable in run records and Quartz's tables. */
    public static String newInstanceId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = "localhost";
        }
        String random = Long.toString(RANDOM.nextLong(36L * 36 * 36 * 36), 36);
        return host + "-" + ProcessHandle.current().pid() + "-" + random;
    }

    public String instanceId() {
        return instanceId;
    }

    DataSource dataSource() {
        return dataSource;
    }

    /** The insert of one run, as the run writer batches it (public for {@code bench/run store}). */
    public static final String INSERT = "INSERT INTO runs (" + COLUMNS + ", instance_id, event_meta) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    public void insert(Run run) {
        insert(run, null);
    }

    /** Inserts the run owned by this instance, with the JSON of its request's headers and query (or null). */
    void insert(Run run, String eventMeta) {
        update(INSERT, ps -> bindInsert(ps, run, instanceId, eventMeta));
    }

    /**
     * Binds {@link #INSERT}; {@code instanceId} is the owning instance, {@code eventMeta} the JSON of the request's
     * headers and query, or null.
     */
    public static void bindInsert(PreparedStatement ps, Run run, String instanceId, String eventMeta)
            throws SQLException {
        ps.setString(1, run.id());
        ps.setString(2, run.rule());
        ps.setString(3, run.file());
        ps.setString(4, run.fileVersion());
        ps.setString(5, run.trigger().type());
        ps.setString(6, run.trigger().name());
        ps.setString(7, run.input());
        ps.setString(8, run.status().name());
        ps.setLong(9, run.createdAt().toEpochMilli());
        setInstant(ps, 10, run.startedAt());
        setInstant(ps, 11, run.finishedAt());
        ps.setString(12, run.result());
        ps.setString(13, run.error());
        ps.setString(14, run.logs());
        setInstant(ps, 15, run.trigger().scheduledFor());
        if (run.trigger().catchUp() == null) {
            ps.setNull(16, Types.BOOLEAN);
        } else {
            ps.setBoolean(16, run.trigger().catchUp());
        }
        ps.setString(17, run.trigger().replayOf());
        ps.setString(18, instanceId);
        ps.setString(19, eventMeta);
    }

    /**
     * Makes this instance the owner of a run if {@code previousOwner} still owns it: true for exactly one of several
     * instances recovering the same orphaned run.
     */
    public boolean claim(String id, String previousOwner) {
        return updateCount("UPDATE runs SET instance_id = ? WHERE id = ? AND "
                + (previousOwner == null ? "instance_id IS NULL" : "instance_id = ?"), ps -> {
            ps.setString(1, instanceId);
            ps.setString(2, id);
            if (previousOwner != null) {
                ps.setString(3, previousOwner);
            }
        }) == 1;
    }

    /** The instance that owns each run in the given status, by run id, oldest first. */
    public Map<String, String> owners(RunStatus status) {
        Map<String, String> owners = new LinkedHashMap<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "SELECT id, instance_id FROM runs WHERE status = ? ORDER BY id")) {
            ps.setString(1, status.name());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    owners.put(rs.getString(1), rs.getString(2));
                }
            }
        } catch (SQLException e) {
            throw new StoreException("run store read failed: " + e.getMessage(), e);
        }
        return owners;
    }

    /**
     * The oldest run of the rule still QUEUED or RUNNING and created after {@code since}, if any. A range of {@code
     * runs_by_rule (rule_id, id)}: a run's id time is never earlier than its created_at ({@link RunIds}), so the id
     * bound drops no run the created_at condition keeps; the scan reads the rule's runs since {@code since}.
     */
    public Optional<String> inFlight(String ruleId, Instant since) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT id FROM runs WHERE rule_id = ? AND id >= ? AND "
                     + "status IN ('QUEUED', 'RUNNING') AND created_at > ? ORDER BY id FETCH FIRST 1 ROWS ONLY")) {
            ps.setString(1, ruleId);
            ps.setString(2, RunIds.floor(since));
            ps.setLong(3, since.toEpochMilli());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new StoreException("run store read failed: " + e.getMessage(), e);
        }
    }

    /**
     * Whether the rule has a record (of any status) created at or after {@code since} for the scheduled fire of
     * {@code triggerName} at {@code scheduledFor}: a fire that may have been handled already.
     */
    public boolean hasRecordOfFire(String ruleId, String triggerName, Instant scheduledFor, Instant since) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT id FROM runs WHERE rule_id = ? AND id >= ? AND "
                     + "scheduled_for = ? AND trigger_name = ? FETCH FIRST 1 ROWS ONLY")) {
            ps.setString(1, ruleId);
            ps.setString(2, RunIds.floor(since));
            ps.setLong(3, scheduledFor.toEpochMilli());
            ps.setString(4, triggerName);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            throw new StoreException("run store read failed: " + e.getMessage(), e);
        }
    }

    /** The newest cron or every record (run, MISSED or SKIPPED) of each rule that has one. */
    public Map<String, Run> lastScheduled() {
        Map<String, Run> last = new HashMap<>();
        for (Run run : query("SELECT " + COLUMNS + " FROM runs WHERE id IN (SELECT MAX(id) FROM runs WHERE "
                + "trigger_type IN ('cron', 'every') GROUP BY rule_id)", ps -> { })) {
            last.put(run.rule(), run);
        }
        return last;
    }

    /**
     * Marks a QUEUED run of this instance RUNNING; false when it is no longer queued here (another instance, taking
     * this one for dead, claimed it), in which case it must not run.
     */
    public boolean markRunning(String id, Instant startedAt) {
        return updateCount("UPDATE runs SET status = 'RUNNING', started_at = ? WHERE id = ? AND status = 'QUEUED' "
                + "AND instance_id = ?", ps -> {
                    ps.setLong(1, startedAt.toEpochMilli());
                    ps.setString(2, id);
                    ps.setString(3, instanceId);
                }) == 1;
    }

    public void finish(String id, RunStatus status, Instant finishedAt, String result, String error, String logs) {
        update("UPDATE runs SET status = ?, finished_at = ?, result = ?, error = ?, logs = ? WHERE id = ?", ps -> {
            ps.setString(1, status.name());
            ps.setLong(2, finishedAt.toEpochMilli());
            ps.setString(3, result);
            ps.setString(4, error);
            ps.setString(5, logs);
            ps.setString(6, id);
        });
    }

    /** Ends a run with when it started (null keeps what is stored). */
    void finish(String id, RunStatus status, Instant startedAt, Instant finishedAt, String result, String error,
                String logs) {
        update("UPDATE runs SET status = ?, started_at = COALESCE(?, started_at), finished_at = ?, result = ?, "
                + "error = ?, logs = ? WHERE id = ?", ps -> {
            ps.setString(1, status.name());
            setInstant(ps, 2, startedAt);
            ps.setLong(3, finishedAt.toEpochMilli());
            ps.setString(4, result);
            ps.setString(5, error);
            ps.setString(6, logs);
            ps.setString(7, id);
        });
    }

    /** Ends a run that has not started; false when it already had (or does not exist). */
    public boolean cancelQueued(String id, Instant at, String error) {
        return updateCount("UPDATE runs SET status = 'CANCELLED', finished_at = ?, error = ?, logs = '[]' WHERE id = ? "
                + "AND status = 'QUEUED'", ps -> {
                    ps.setLong(1, at.toEpochMilli());
                    ps.setString(2, error);
                    ps.setString(3, id);
                }) > 0;
    }

    /** The headers and query a run was accepted with (JSON), or null. */
    public String eventMeta(String id) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT event_meta FROM runs WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        } catch (SQLException e) {
            throw new StoreException("run store read failed: " + e.getMessage(), e);
        }
    }

    /** The runs with these ids, in the order given (ids not found are skipped). */
    public List<Run> getAll(List<String> ids) {
        List<Run> runs = new ArrayList<>();
        for (String id : ids) {
            get(id).ifPresent(runs::add);
        }
        return runs;
    }

    public Optional<Run> get(String id) {
        List<Run> runs = query("SELECT " + COLUMNS + " FROM runs WHERE id = ?", ps -> ps.setString(1, id));
        return runs.stream().findFirst();
    }

    public List<Run> list(RunQuery q) {
        NewestFirst page = page(q);
        return query(page.sql(q.limit()), page::bind);
    }

    /** The query of {@link #list}: a page read newest first from runs_by_rule or runs_by_status when it can be. */
    static NewestFirst page(RunQuery q) {
        return new NewestFirst("SELECT " + COLUMNS + " FROM runs").whereLeading("rule_id", q.rule())
                .whereIn("rule_id", q.rules()).whereLeading("status", q.status() == null ? null : q.status().name())
                .before(q.before());
    }

    /** Runs in the given status, oldest first (used to recover what a stopped instance left behind). */
    public List<Run> inStatus(RunStatus status) {
        return query("SELECT " + COLUMNS + " FROM runs WHERE status = ? ORDER BY id", ps -> ps.setString(1,
                status.name()));
    }

    /**
     * Runs a retention delete takes per transaction at most. Larger transactions grew the H2 file, presumably because
     * H2 writes a transaction's changes to the file before its commit once they pass a few megabytes: pruning
     * 300,000 runs of 5.5 KB to 30,000 grew the file by 1-4% at 100, 250 or 500 runs a transaction and by 65% at
     * 1,000, and took about twice as long at 1,000 (bench/webhooks-history.md, "The H2 file", 2026-12-07).
     */
    public static final int PURGE_BATCH = 250;

    /** Bytes of input, result and logs a retention delete takes per transaction at most (at least one run). */
    public static final long PURGE_BYTES = 1L << 20;

    private static final String PURGE_SIZE =
            "COALESCE(OCTET_LENGTH(input), 0) + COALESCE(OCTET_LENGTH(result), 0) + COALESCE(OCTET_LENGTH(logs), 0)";

    /**
     * Deletes finished runs created before {@code olderThan}, then all but the newest {@code keep} runs (QUEUED and
     * RUNNING ones stay), oldest first, {@link #PURGE_BATCH} runs or {@link #PURGE_BYTES} a transaction; how many
     * were deleted.
     */
    public int purge(Instant olderThan, int keep) {
        return purge(olderThan, keep, PURGE_BATCH, PURGE_BYTES);
    }

    /**
     * As {@link #purge(Instant, int)}, at most {@code batch} runs and {@code bytes} of their input, result and logs a
     * transaction (public for {@code bench/run retention}).
     */
    public int purge(Instant olderThan, int keep, int batch, long bytes) {
        // By age, along the primary key: a run's id time is never earlier than its created_at (RunIds), so ids
        // below the cut-off's first id are runs created before it, and created_at < ? still holds every deleted run
        // to the cut-off whatever its id. A run whose id time is later than its created_at (minted just after the
        // clock stepped back) is pruned a little later, once the cut-off passes its id's time.
        int removed = deleteInBatches("id < ? AND created_at < ? AND status NOT IN ('QUEUED', 'RUNNING')", batch,
                bytes, ps -> {
                    ps.setString(1, RunIds.floor(olderThan));
                    ps.setLong(2, olderThan.toEpochMilli());
                });
        List<String> boundary = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "SELECT id FROM runs ORDER BY id DESC OFFSET ? ROWS FETCH FIRST 1 ROWS ONLY")) {
            ps.setInt(1, keep - 1);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    boundary.add(rs.getString(1));
                }
            }
        } catch (SQLException e) {
            throw new StoreException("cannot find the retention boundary", e);
        }
        if (!boundary.isEmpty()) {
            removed += deleteInBatches("id < ? AND status NOT IN ('QUEUED', 'RUNNING')", batch, bytes,
                    ps -> ps.setString(1, boundary.getFirst()));
        }
        return removed;
    }

    /** The transactions retention deletes have taken since this store was made. */
    public long purgeTransactions() {
        return purgeTransactions.sum();
    }

    /**
     * Deletes the runs {@code where} selects, oldest first, until none is left, one transaction a round: each round
     * reads the ids and sizes of the next {@code batch} runs along the primary key, takes them while their input,
     * result and logs stay within {@code bytes} (at least one), and deletes up to the last one taken (a range of the
     * primary key; {@code DELETE ... WHERE id IN (SELECT ...)} made H2 scan the table for every row).
     */
    private int deleteInBatches(String where, int batch, long bytes, Binder binder) {
        String next = "SELECT id, " + PURGE_SIZE + " FROM runs WHERE " + where
                + " ORDER BY id FETCH FIRST ? ROWS ONLY";
        // The parameter after those of where: the row count in the lookup, the bound in the delete.
        int after = (int) where.chars().filter(ch -> ch == '?').count() + 1;
        int removed = 0;
        while (true) {
            String bound = null;
            try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(next)) {
                binder.bind(ps);
                ps.setInt(after, batch);
                try (ResultSet rs = ps.executeQuery()) {
                    long taken = 0;
                    while (rs.next()) {
                        long size = rs.getLong(2);
                        if (bound != null && taken + size > bytes) {
                            break;
                        }
                        bound = rs.getString(1);
                        taken += size;
                    }
                }
            } catch (SQLException e) {
                throw new StoreException("cannot find the next runs to prune: " + e.getMessage(), e);
            }
            if (bound == null) {
                return removed;
            }
            String last = bound;
            removed += updateCount("DELETE FROM runs WHERE " + where + " AND id <= ?", ps -> {
                binder.bind(ps);
                ps.setString(after, last);
            });
            purgeTransactions.increment();
        }
    }

    public long count() {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM runs");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new StoreException("cannot count runs", e);
        }
    }

    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    private void update(String sql, Binder binder) {
        updateCount(sql, binder);
    }

    private int updateCount(String sql, Binder binder) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("run store write failed: " + e.getMessage(), e);
        }
    }

    private List<Run> query(String sql, Binder binder) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            List<Run> runs = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    runs.add(read(rs));
                }
            }
            return runs;
        } catch (SQLException e) {
            throw new StoreException("run store read failed: " + e.getMessage(), e);
        }
    }

    private static Run read(ResultSet rs) throws SQLException {
        return new Run(rs.getString("id"), rs.getString("rule_id"), rs.getString("file"),
                rs.getString("file_version"), new RunTrigger(rs.getString("trigger_type"), rs.getString("trigger_name"),
                        instant(rs, "scheduled_for"), catchUp(rs), rs.getString("replay_of")),
                RunStatus.valueOf(rs.getString("status")), instant(rs, "created_at"), instant(rs, "started_at"),
                instant(rs, "finished_at"), rs.getString("input"), rs.getString("result"), rs.getString("error"),
                rs.getString("logs"));
    }

    private static Boolean catchUp(ResultSet rs) throws SQLException {
        boolean value = rs.getBoolean("catch_up");
        return rs.wasNull() ? null : value;
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(value);
    }

    static void setInstant(PreparedStatement ps, int index, Instant value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.BIGINT);
        } else {
            ps.setLong(index, value.toEpochMilli());
        }
    }
}
