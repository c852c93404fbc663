package dev.warden.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.github.f4b6a3.ulid.UlidCreator;
import dev.warden.store.NewestFirst;

/**
 * The audit trail in the database: key creation and revocation, refused requests, and later leases.
 *
 * <p>Refusals are recorded at most once per {@link #REFUSAL_QUIET} for the same address, key, reason and route, so a
 * misconfigured client retrying in a loop writes one entry, not thousands; the next entry counts those left out.
 * Thread-safe.
 */
public final class AuditLog {

    private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);
    static final Duration REFUSAL_QUIET = Duration.ofSeconds(10);

    private final DataSource dataSource;
    private final Clock clock;
    private final Map<String, Quiet> lastRefusal = new ConcurrentHashMap<>();

    public AuditLog(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    public void record(String actor, String action, String target, String detail, String address) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO audit (id, at, actor, action, target, detail, "
                     + "address) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, UlidCreator.getMonotonicUlid().toString());
            ps.setLong(2, clock.millis());
            ps.setString(3, cut(actor, 160));
            ps.setString(4, action);
            ps.setString(5, cut(target, 256));
            ps.setString(6, cut(detail, 2000));
            ps.setString(7, cut(address, 64));
            ps.executeUpdate();
        } catch (SQLException e) {
            LOG.warn("could not write audit entry {} by {} on {}", action, actor, target, e);
        }
    }

    /**
     * Records a refused request, unless the same one (address, actor, reason and route) was recorded less than
     * {@link #REFUSAL_QUIET} ago; the next entry for it says how many were left out meanwhile.
     */
    public void refusal(String actor, String reason, String target, String detail, String address) {
        Instant now = clock.instant();
        String key = address + "|" + actor + "|" + reason + "|" + target;
        Quiet quiet = lastRefusal.get(key);
        if (quiet != null && quiet.since.plus(REFUSAL_QUIET).isAfter(now)) {
            quiet.repeats.incrementAndGet();
            return;
        }
        lastRefusal.put(key, new Quiet(now, new AtomicInteger()));
        if (lastRefusal.size() > 10_000) {
            lastRefusal.values().removeIf(q -> q.since.plus(REFUSAL_QUIET).isBefore(now));
        }
        int repeats = quiet == null ? 0 : quiet.repeats.get();
        record(actor, "request.refused", target, reason + ": " + detail + (repeats == 0 ? ""
                : " (" + repeats + " more like it since " + quiet.since + ", not recorded one by one)"), address);
    }

    /** When a refusal was last recorded, and how many like it were left out since. */
    private record Quiet(Instant since, AtomicInteger repeats) {
    }

    /** Entries newest first, older than the cursor {@code before} (an entry id) when given. */
    public List<AuditEntry> list(String action, String before, int limit) {
        try {
            return new NewestFirst("SELECT id, at, actor, action, target, detail, address FROM audit")
                    .where("action", action).before(before)
                    .fetch(dataSource, limit, rs -> new AuditEntry(rs.getString(1), Instant.ofEpochMilli(rs.getLong(2)),
                            rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7)));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the audit trail: " + e.getMessage(), e);
        }
    }

    private static String cut(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max);
    }
}
