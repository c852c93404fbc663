package dev.warden.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;

import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.warden.config.DatabaseConfig;
import dev.warden.config.WardenConfig;
import dev.warden.store.internal.H2Housekeeper;
import dev.warden.testing.SimpleWarden;

/**
 * What a kill -9 leaves of Warden's H2 file is what H2 had written to it (the OS keeps it), so a copy of the file taken
 * right after a commit returned is the file a crash at that moment would leave.
 */
class CrashRecoveryTest {

    @TempDir
    Path dir;

    /**
     * Commits one row at a time, with dead chunks freed at once so that H2 reuses space as it does under load, until
     * H2 alone would open a copy of the file at an older version than it has written (its header names the chunk
     * before one that did not land where predicted: within a few dozen commits). Warden opens that copy with the row.
     */
    @Test
    void aCommitWhoseChunkH2WroteIntoReusedSpaceIsThereAfterACrash() throws Exception {
        WardenConfig config = new SimpleWarden(dir).config();
        Path file = dir.resolve("data/warden.mv.db");
        Path crashed = dir.resolve("crashed/warden.mv.db");
        Files.createDirectories(crashed.getParent());
        long lostRow = -1;
        try (Database db = Database.open(config.database(), config.paths().data());
             Connection c = db.dataSource().getConnection()) {
            db.housekeeper().ifPresent(H2Housekeeper::close);
            MVStore store = mvStore(c);
            store.setRetentionTime(0);
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE probe (id BIGINT PRIMARY KEY, body VARCHAR(4000))");
            }
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO probe VALUES (?, ?)")) {
                for (long id = 1; id <= 3_000 && lostRow < 0; id++) {
                    insert.setLong(1, id);
                    insert.setString(2, "x".repeat((int) (id * 7919 % 3_000)));
                    insert.executeUpdate();
                    if (id % 50 == 0) {
                        try (Statement s = c.createStatement()) {
                            s.executeUpdate("DELETE FROM probe WHERE id < " + (id - 20));
                        }
                    }
                    Files.copy(file, crashed, StandardCopyOption.REPLACE_EXISTING);
                    if (id > 30 && versionH2Opens(crashed) < store.getCurrentVersion()) {
                        lostRow = id;
                    }
                }
            }
        }
        assertThat(lostRow).as("a commit H2 alone would lose at a crash").isPositive();
        DatabaseConfig atCrash = new DatabaseConfig(config.database().url().replace(
                dir.resolve("data").toString(), crashed.getParent().toString()), "", config.database().password());
        try (Database reopened = Database.open(atCrash, crashed.getParent());
             Connection c = reopened.dataSource().getConnection()) {
            assertThat(rows(c, lostRow)).as("row " + lostRow + ", committed before the crash").isEqualTo(1);
        }
    }

    /** The rows with the id, none if the table itself was lost. */
    private static int rows(Connection c, long id) throws Exception {
        try (ResultSet table = c.getMetaData().getTables(null, null, "PROBE", null)) {
            if (!table.next()) {
                return 0;
            }
        }
        try (PreparedStatement row = c.prepareStatement("SELECT COUNT(*) FROM probe WHERE id = ?")) {
            row.setLong(1, id);
            try (ResultSet rs = row.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private static long versionH2Opens(Path file) {
        try (MVStore copy = new MVStore.Builder().fileName(file.toString()).readOnly().open()) {
            return copy.getCurrentVersion();
        }
    }

    private static MVStore mvStore(Connection c) throws Exception {
        SessionLocal session = (SessionLocal) c.unwrap(JdbcConnection.class).getSession();
        return session.getDatabase().getStore().getMvStore();
    }
}
