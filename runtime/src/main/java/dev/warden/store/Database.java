package dev.warden.store;

import java.nio.file.Files;
import java.nio.file.Path;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import dev.warden.config.DatabaseConfig;

/**
 * The connection pool for Warden's database, migrated by Flyway on open (scripts in {@code db/migration}).
 * Thread-safe.
 */
public final class Database implements AutoCloseable {

    private final HikariDataSource dataSource;

    private Database(HikariDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Opens the pool and brings the schema up to date; the data folder is created for a file database. */
    public static Database open(DatabaseConfig config, Path dataDir) {
        try {
            Files.createDirectories(dataDir);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot create data folder " + dataDir + ": " + e.getMessage(), e);
        }
        HikariConfig hikari = new HikariConfig();
        hikari.setJdbcUrl(config.url());
        if (!config.user().isEmpty()) {
            hikari.setUsername(config.user());
        }
        if (!config.password().isEmpty()) {
            hikari.setPassword(config.password().reveal());
        }
        hikari.setMaximumPoolSize(10);
        hikari.setPoolName("warden-db");
        HikariDataSource dataSource;
        try {
            dataSource = new HikariDataSource(hikari);
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot open database " + safeUrl(config.url()) + ": " + rootMessage(e), e);
        }
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
        if (config.url().startsWith("jdbc:h2:") && !config.url().startsWith("jdbc:h2:mem:")
                && !config.url().toUpperCase(java.util.Locale.ROOT).contains("WRITE_DELAY")) {
            writeOnCommit(dataSource);
        }
        return new Database(dataSource);
    }

    /**
     * H2 otherwise writes committed changes to its file up to 500 ms later, so a crash could lose runs already
     * acknowledged with 202; group commit keeps the cost of writing at every commit low.
     */
    private static void writeOnCommit(DataSource dataSource) {
        try (java.sql.Connection c = dataSource.getConnection(); java.sql.Statement s = c.createStatement()) {
            s.execute("SET WRITE_DELAY 0");
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("cannot set H2's WRITE_DELAY: " + e.getMessage(), e);
        }
    }

    public DataSource dataSource() {
        return dataSource;
    }

    private static String safeUrl(String url) {
        return url.replaceAll("(?i)(password=)[^;&]*", "$1***");
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage();
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
