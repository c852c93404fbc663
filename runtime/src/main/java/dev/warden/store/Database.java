package dev.warden.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Optional;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import dev.warden.config.DatabaseConfig;
import dev.warden.store.internal.H2CrashRecovery;
import dev.warden.store.internal.H2Housekeeper;
import dev.warden.store.internal.H2Outage;

/**
 * The connection pool for Warden's database, migrated by Flyway on open: the scripts in {@code db/migration/common}
 * and those of the database's vendor in {@code db/migration/h2} or {@code db/migration/postgresql}. Thread-safe.
 */
public final class Database implements AutoCloseable {

    /** The databases Warden runs on, named as their migration folders are. */
    public enum Vendor { H2, POSTGRESQL }

    static {
        // H2's value cache (h2.objectCache) hashes every string a statement is handed, to share equal ones: the run
        // writer's inserts hashed each run's input, kilobytes long, for nothing (5% of the writer's samples in a
        // profile under webhook load). Off unless the user set it; it must be set before H2's first use.
        if (System.getProperty("h2.objectCache") == null) {
            System.setProperty("h2.objectCache", "false");
        }
    }

    private final HikariDataSource dataSource;
    private final Vendor vendor;
    private final Optional<H2Housekeeper> housekeeper;
    private final DatabaseConfig config;
    /** The URL the pools open: the configured one, with IFEXISTS for an H2 file (see {@link #onlyIfItExists}). */
    private final String url;
    private final H2Outage outage;

    private Database(HikariDataSource dataSource, Vendor vendor, DatabaseConfig config, String url, H2Outage outage) {
        this.dataSource = dataSource;
        this.vendor = vendor;
        this.config = config;
        this.url = url;
        this.outage = outage;
        this.housekeeper = vendor == Vendor.H2
                ? H2Housekeeper.startIfNeeded(dataSource, outage) : Optional.empty();
    }

    /** Opens the pool and brings the schema up to date; the data folder is created for a file database. */
    public static Database open(DatabaseConfig config, Path dataDir) {
        try {
            Files.createDirectories(dataDir);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(OpenFailures.dataFolder(dataDir, e), e);
        }
        recoverNewestH2Chunk(config);
        refuseDamagedH2File(config);
        String url = withoutTraceFile(onlyIfItExists(config));
        H2Outage outage = new H2Outage();
        HikariConfig hikari = poolConfig(config, url, outage, "warden-db", 10);
        HikariDataSource dataSource;
        try {
            dataSource = new HikariDataSource(hikari);
        } catch (RuntimeException e) {
            String inUse = inUse(e) ? inUseMessage(config.url(), dataDir) : null;
            if (inUse != null) {
                throw new IllegalStateException(inUse, e);
            }
            throw new IllegalStateException(OpenFailures.database(safeUrl(config.url()), e), e);
        }
        Vendor vendor;
        try {
            vendor = vendor(dataSource, config.url());
        } catch (RuntimeException e) {
            dataSource.close();
            throw e;
        }
        String folder = vendor.name().toLowerCase(Locale.ROOT);
        Flyway.configure().dataSource(dataSource)
                .locations("classpath:db/migration/common", "classpath:db/migration/" + folder).load().migrate();
        if (config.url().startsWith("jdbc:h2:") && !config.url().startsWith("jdbc:h2:mem:")
                && !config.url().toUpperCase(Locale.ROOT).contains("WRITE_DELAY")) {
            writeOnCommit(dataSource);
        }
        return new Database(dataSource, vendor, config, url, outage);
    }

    /**
     * A pool configuration for this database: for H2, connections to a database H2 closed are evicted (see
     * {@link H2Outage}), and an H2 file this process opens gives a connection within 5 s or fails, since a wait
     * there means the file cannot be opened (a full disk, a vanished folder): 503 after 5 s, not the pool's 30 s.
     */
    private static HikariConfig poolConfig(DatabaseConfig config, String url, H2Outage outage, String name,
                                           int size) {
        HikariConfig hikari = new HikariConfig();
        hikari.setJdbcUrl(url);
        if (url.regionMatches(true, 0, "jdbc:h2:", 0, 8)) {
            hikari.setExceptionOverride(outage);
        }
        if (opensH2File(url)) {
            hikari.setConnectionTimeout(5_000);
        }
        if (!config.user().isEmpty()) {
            hikari.setUsername(config.user());
        }
        if (!config.password().isEmpty()) {
            hikari.setPassword(config.password().reveal());
        }
        hikari.setMaximumPoolSize(size);
        hikari.setPoolName(name);
        return hikari;
    }

    /**
     * Another pool on this database (the scheduler's), whose connections are opened and evicted as this one's are:
     * after H2 closed the database, it opens the same file again, never a new empty one.
     */
    public HikariDataSource newPool(String name, int size) {
        return new HikariDataSource(poolConfig(config, url, outage, name, size));
    }

    /** Whether the URL is of an H2 file this process opens (not in memory, not an H2 server). */
    private static boolean opensH2File(String url) {
        try {
            H2FileCompaction.h2File(url);
            return true;
        } catch (IllegalArgumentException notAnH2File) {
            return false;
        }
    }

    /**
     * The URL of an H2 file database with {@code IFEXISTS=TRUE}, the file created first if it is new: the pool opens
     * the file again after H2 closed it (a full disk), and a data folder that vanished meanwhile must then fail, not
     * be silently replaced by an empty database. Other URLs, and one that sets IFEXISTS, as they are.
     */
    private static String onlyIfItExists(DatabaseConfig config) {
        String url = config.url();
        if (!opensH2File(url) || url.toUpperCase(Locale.ROOT).contains("IFEXISTS")) {
            return url;
        }
        if (!Files.exists(H2FileCompaction.h2File(url))) {
            try (Connection created = java.sql.DriverManager.getConnection(withoutTraceFile(url), config.user(),
                    config.password().isEmpty() ? "" : config.password().reveal())) {
                // Only creates the file; the pool then opens it.
            } catch (SQLException e) {
                return url; // The pool's open says what is wrong.
            }
        }
        return url + ";IFEXISTS=TRUE";
    }

    /** After an unclean stop, makes H2 open the newest data its file holds (see {@link H2CrashRecovery}). */
    private static void recoverNewestH2Chunk(DatabaseConfig config) {
        if (config.url().toUpperCase(Locale.ROOT).contains("CIPHER=")) {
            return;
        }
        try {
            H2CrashRecovery.recoverNewestChunk(H2FileCompaction.h2File(config.url()));
        } catch (IllegalArgumentException notAnH2File) {
            // Nothing of H2's to recover.
        }
    }

    /**
     * Refuses an H2 file that exists but holds no Warden schema, before anything writes to it. H2 opens a damaged
     * file (one cut short, for instance) as whatever its last readable state was, possibly an empty database;
     * Warden would then migrate it afresh, print a new bootstrap key and write over what was left. The check opens
     * the file read-only; a file another process holds is left to the normal open, which says so.
     */
    static void refuseDamagedH2File(DatabaseConfig config) {
        Path file;
        try {
            file = H2FileCompaction.h2File(config.url());
        } catch (IllegalArgumentException notAnH2File) {
            return;
        }
        long size;
        try {
            if (!Files.isRegularFile(file) || (size = Files.size(file)) == 0) {
                return;
            }
        } catch (java.io.IOException e) {
            return;
        }
        String readOnly = withoutTraceFile(config.url()) + ";ACCESS_MODE_DATA=r;IFEXISTS=TRUE";
        String refusal = "the database file " + file + " (" + size + " bytes) ";
        String advice = "; Warden did not start, so as not to write over it: restore it from a backup, or move it "
                + "away to start with an empty database";
        try (Connection c = java.sql.DriverManager.getConnection(readOnly, config.user(),
                config.password().isEmpty() ? "" : config.password().reveal());
             java.sql.ResultSet tables = c.getMetaData().getTables(null, null, "%", new String[] {"TABLE"})) {
            while (tables.next()) {
                if (tables.getString("TABLE_NAME").equalsIgnoreCase("flyway_schema_history")) {
                    return;
                }
            }
            throw new IllegalStateException(refusal + "holds no Warden tables: it is damaged (cut short, or "
                    + "overwritten) or not Warden's" + advice);
        } catch (SQLException e) {
            if (e.getErrorCode() == 90020 || String.valueOf(e.getMessage()).contains("locked")) {
                return;
            }
            throw new IllegalStateException(refusal + "cannot be read: " + e.getMessage().lines().findFirst()
                    .orElse("") + advice, e);
        }
    }

    /**
     * An H2 URL with H2's trace file off, unless the URL sets it: H2 otherwise writes a {@code .trace.db} of stack
     * traces beside the database, for instance each time a command tried to open the file of a Warden that was
     * running, and keeps it; what fails reaches Warden's own errors and log anyway.
     */
    static String withoutTraceFile(String url) {
        String upper = url.toUpperCase(Locale.ROOT);
        if (!upper.startsWith("JDBC:H2:") || upper.startsWith("JDBC:H2:MEM:") || upper.startsWith("JDBC:H2:TCP:")
                || upper.startsWith("JDBC:H2:SSL:") || upper.contains("TRACE_LEVEL_FILE")) {
            return url;
        }
        return url + ";TRACE_LEVEL_FILE=0";
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

    public Vendor vendor() {
        return vendor;
    }

    private static Vendor vendor(DataSource dataSource, String url) {
        String product;
        try (Connection c = dataSource.getConnection()) {
            product = c.getMetaData().getDatabaseProductName();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the database product of " + safeUrl(url) + ": "
                    + e.getMessage(), e);
        }
        return switch (product.toLowerCase(Locale.ROOT)) {
            case "h2" -> Vendor.H2;
            case "postgresql" -> Vendor.POSTGRESQL;
            default -> throw new IllegalStateException("Warden runs on H2 or PostgreSQL, but " + safeUrl(url)
                    + " is " + product);
        };
    }

    private static String safeUrl(String url) {
        return url.replaceAll("(?i)(password=)[^;&]*", "$1***");
    }

    /** H2's "Database may be already in use" (90020), or MVStore's "The file is locked", anywhere in the causes. */
    private static boolean inUse(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getErrorCode() == org.h2.api.ErrorCode.DATABASE_ALREADY_OPEN_1
                    || String.valueOf(t.getMessage()).contains("The file is locked")) {
                return true;
            }
        }
        return false;
    }

    /** One sentence for a second Warden on the same files: which folder, and the setting that moves it; or null. */
    static String inUseMessage(String url, Path dataDir) {
        Path file;
        try {
            file = H2FileCompaction.h2File(url);
        } catch (IllegalArgumentException notAFile) {
            return null;
        }
        Path data = dataDir.toAbsolutePath().normalize();
        if (file.getParent() != null && file.getParent().equals(data)) {
            return "another Warden (or another process) is using the data folder " + data + " (its database "
                    + file.getFileName() + " is locked); stop it, or point paths.data (WARDEN_DATA_DIR) at another "
                    + "folder";
        }
        return "another Warden (or another process) is using the database file " + file + " (it is locked); stop it, "
                + "or point database.url (WARDEN_DB_URL) at another file";
    }

    /** The H2 file housekeeping Warden runs, if H2 does not run its own (see {@link H2Housekeeper}). */
    public Optional<H2Housekeeper> housekeeper() {
        return housekeeper;
    }

    @Override
    public void close() {
        housekeeper.ifPresent(H2Housekeeper::close);
        dataSource.close();
    }
}
