package dev.warden.runs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.List;

import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.warden.config.DatabaseConfig;
import dev.warden.config.Secret;
import dev.warden.store.Database;

/**
 * H2 keeps a run's input as a CLOB in the row up to 16 KiB; inputs stored before that change survive it whole.
 * PostgreSQL keeps it as text, whole as well.
 */
class RunInputColumnTest {

    @TempDir
    Path dir;

    private static String input(int length) {
        StringBuilder s = new StringBuilder("{\"text\":\"");
        while (s.length() < length - 2) {
            s.append("ünïcödé ✓ ");
        }
        return s.append("\"}").toString();
    }

    private static Run run(String id, String input) {
        return new Run(id, "rule", "rule.js", "v1", new RunTrigger("webhook", "hook"), RunStatus.QUEUED,
                Instant.ofEpochMilli(1_700_000_000_000L), null, null, input, null, null, null);
    }

    @Test
    void inputsStoredBeforeTheMigrationReadBackWholeAfterIt() throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("db") + ";DB_CLOSE_ON_EXIT=FALSE";
        JdbcDataSource old = new JdbcDataSource();
        old.setURL(url);
        Flyway.configure().dataSource(old).locations("classpath:db/migration/common", "classpath:db/migration/h2")
                .target("4").load().migrate();
        String small = input(5_000);
        String large = input(300_000);
        for (Run r : List.of(run("SMALL", small), run("LARGE", large))) {
            // The columns runs had at version 4 (today's insert names later ones).
            try (Connection c = old.getConnection(); PreparedStatement ps = c.prepareStatement("INSERT INTO runs (id, "
                    + "rule_id, file, file_version, trigger_type, trigger_name, input, status, created_at) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, r.id());
                ps.setString(2, r.rule());
                ps.setString(3, r.file());
                ps.setString(4, r.fileVersion());
                ps.setString(5, r.trigger().type());
                ps.setString(6, r.trigger().name());
                ps.setString(7, r.input());
                ps.setString(8, r.status().name());
                ps.setLong(9, r.createdAt().toEpochMilli());
                ps.executeUpdate();
            }
        }
        try (Connection c = old.getConnection(); PreparedStatement ps = c.prepareStatement("SHUTDOWN")) {
            ps.execute();
        }

        Database database = Database.open(new DatabaseConfig(url, "", Secret.empty()), dir);
        try {
            RunStore store = new RunStore(database.dataSource());
            assertThat(store.get("SMALL").orElseThrow().input()).isEqualTo(small);
            assertThat(store.get("LARGE").orElseThrow().input()).isEqualTo(large);
            store.insert(run("NEW", large));
            assertThat(store.get("NEW").orElseThrow().input()).isEqualTo(large);
            assertThat(text(database, "SELECT data_type FROM information_schema.columns WHERE table_name = 'RUNS' "
                    + "AND column_name = 'INPUT'")).isEqualTo("CHARACTER LARGE OBJECT");
        } finally {
            database.close();
        }
        // The in-row size is a setting of the database file: it holds after a restart.
        database = Database.open(new DatabaseConfig(url, "", Secret.empty()), dir);
        try {
            assertThat(new RunStore(database.dataSource()).get("SMALL").orElseThrow().input()).isEqualTo(small);
            assertThat(text(database, "SELECT setting_value FROM information_schema.settings "
                    + "WHERE setting_name = 'MAX_LENGTH_INPLACE_LOB'")).isEqualTo("16384");
        } finally {
            database.close();
        }
    }

    private static String text(Database database, String query) throws Exception {
        try (Connection c = database.dataSource().getConnection();
             ResultSet rs = c.createStatement().executeQuery(query)) {
            assertThat(rs.next()).as(query).isTrue();
            return rs.getString(1);
        }
    }

    @Test
    void inputsAreStoredWholeOnPostgresqlTooAndANullInputStaysNull() throws Exception {
        try (io.zonky.test.db.postgres.embedded.EmbeddedPostgres postgres =
                     io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder().start()) {
            Database database = Database.open(new DatabaseConfig(postgres.getJdbcUrl("postgres", "postgres"),
                    "postgres", Secret.empty()), dir);
            try {
                RunStore store = new RunStore(database.dataSource());
                String large = input(300_000);
                store.insert(run("LARGE", large));
                store.insert(run("NONE", null));
                assertThat(store.get("LARGE").orElseThrow().input()).isEqualTo(large);
                assertThat(store.get("NONE").orElseThrow().input()).isNull();
            } finally {
                database.close();
            }
        }
    }
}
