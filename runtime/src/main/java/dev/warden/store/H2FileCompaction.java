package dev.warden.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Locale;

import org.h2.api.ErrorCode;

import dev.warden.config.DatabaseConfig;

/**
 * Rewrites an H2 database file without its free space ({@code SHUTDOWN COMPACT}), for {@code warden db compact}.
 * While Warden runs, the space that pruned runs free inside the file is reused but not given back to the disk; this
 * gives it back, with Warden stopped (H2 lets one process at a time open the file).
 */
public final class H2FileCompaction {

    /** What a compaction did: the file, its size before and after, and how long it took. */
    public record Result(Path file, long before, long after, Duration took) {
    }

    /** Another process (a running Warden) has the file open. */
    public static final class FileInUse extends IllegalStateException {
        FileInUse(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private H2FileCompaction() {
    }

    /**
     * Compacts the H2 file {@code config} names.
     *
     * @throws IllegalArgumentException if the database is not an H2 file, or the file does not exist
     * @throws FileInUse if another process has the file open
     * @throws IllegalStateException if H2 fails
     */
    public static Result compact(DatabaseConfig config) {
        Path file = h2File(config.url());
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no database file at " + file + ": nothing to compact");
        }
        long before = size(file);
        long start = System.nanoTime();
        String url = Database.withoutTraceFile(config.url());
        url = url.toUpperCase(Locale.ROOT).contains("IFEXISTS=") ? url : url + ";IFEXISTS=TRUE";
        try (Connection c = DriverManager.getConnection(url, config.user(), config.password().reveal());
             Statement s = c.createStatement()) {
            s.execute("SHUTDOWN COMPACT");
        } catch (SQLException e) {
            if (e.getErrorCode() == ErrorCode.DATABASE_ALREADY_OPEN_1) {
                throw new FileInUse("the database " + file + " is open in another process: stop Warden"
                        + " first (the file can be compacted only while nothing else has it open)", e);
            }
            throw new IllegalStateException("cannot compact " + file + ": " + e.getMessage(), e);
        }
        return new Result(file, before, size(file), Duration.ofNanos(System.nanoTime() - start));
    }

    /** The {@code .mv.db} file of an H2 file URL, or an explanation of why the URL has none. */
    static Path h2File(String url) {
        String lower = url.toLowerCase(Locale.ROOT);
        if (!lower.startsWith("jdbc:h2:")) {
            throw new IllegalArgumentException("the database is not H2 (" + url.replaceAll("[?;].*", "") + "): its"
                    + " server manages its files (on PostgreSQL, VACUUM FULL gives space back); nothing to compact");
        }
        String rest = url.substring("jdbc:h2:".length());
        String restLower = rest.toLowerCase(Locale.ROOT);
        if (restLower.startsWith("mem:") || restLower.startsWith("tcp:") || restLower.startsWith("ssl:")) {
            throw new IllegalArgumentException("the database is not an H2 file this process opens ("
                    + url.replaceAll(";.*", "") + "): nothing to compact here");
        }
        if (restLower.startsWith("file:")) {
            rest = rest.substring("file:".length());
        }
        int options = rest.indexOf(';');
        String path = options < 0 ? rest : rest.substring(0, options);
        if (path.startsWith("~")) {
            path = System.getProperty("user.home") + path.substring(1);
        }
        return Path.of(path + ".mv.db").toAbsolutePath().normalize();
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot read the size of " + file + ": " + e.getMessage(), e);
        }
    }
}
