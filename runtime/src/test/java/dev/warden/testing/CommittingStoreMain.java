package dev.warden.testing;

import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import dev.warden.config.ConfigLoader;
import dev.warden.config.WardenConfig;
import dev.warden.store.Database;
import dev.warden.store.internal.H2Housekeeper;

/**
 * A child process for the kill -9 durability test: opens the database of the data folder exactly as Warden does
 * (default URL, Flyway, housekeeping), then commits small transactions from several threads as fast as it can and
 * prints each one only after its commit returned: {@code I <id>} for a row inserted with auto-commit,
 * {@code U <thread> <n>} for a transaction that inserted a row and set the thread's counter to n. Prints READY
 * first, then runs until it is killed. Arguments: dataDir threads housekeeping(true|false).
 */
public final class CommittingStoreMain {

    private CommittingStoreMain() {
    }

    public static void main(String[] args) throws Exception {
        Path data = Path.of(args[0]);
        int threads = Integer.parseInt(args[1]);
        boolean housekeeping = Boolean.parseBoolean(args[2]);
        WardenConfig config = new ConfigLoader(Map.of("WARDEN_DATA_DIR", data.toString())).load(null);
        Database db = Database.open(config.database(), config.paths().data());
        if (!housekeeping) {
            db.housekeeper().ifPresent(H2Housekeeper::close);
        }
        DataSource ds = db.dataSource();
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS probe_rows (id BIGINT PRIMARY KEY, body VARCHAR(2000))");
            s.execute("CREATE TABLE IF NOT EXISTS probe_counters (thread INT PRIMARY KEY, n BIGINT NOT NULL)");
        }
        PrintStream out = System.out;
        AtomicLong ids = new AtomicLong(System.currentTimeMillis() * 1000);
        String body = "x".repeat(300);
        out.println("READY");
        for (int t = 0; t < threads; t++) {
            int thread = t;
            Thread worker = new Thread(() -> commitForever(ds, thread, ids, body, out), "committer-" + t);
            worker.start();
        }
        Thread.sleep(Long.MAX_VALUE);
    }

    private static void commitForever(DataSource ds, int thread, AtomicLong ids, String body, PrintStream out) {
        try (Connection c = ds.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement("MERGE INTO probe_counters KEY (thread) VALUES (?, 0)")) {
                ps.setInt(1, thread);
                ps.executeUpdate();
            }
            PreparedStatement insert = c.prepareStatement("INSERT INTO probe_rows (id, body) VALUES (?, ?)");
            PreparedStatement count = c.prepareStatement("UPDATE probe_counters SET n = ? WHERE thread = ?");
            for (long n = 1; ; n++) {
                long id = ids.incrementAndGet();
                boolean transaction = thread % 2 == 1;
                c.setAutoCommit(!transaction);
                insert.setLong(1, id);
                insert.setString(2, body);
                insert.executeUpdate();
                if (transaction) {
                    count.setLong(1, n);
                    count.setInt(2, thread);
                    count.executeUpdate();
                    c.commit();
                    out.println("U " + thread + " " + n + " " + id);
                } else {
                    out.println("I " + id);
                }
            }
        } catch (SQLException e) {
            out.println("ERROR " + e);
        }
    }
}
