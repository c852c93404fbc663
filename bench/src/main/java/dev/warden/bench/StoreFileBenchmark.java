package dev.warden.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Locale;

import dev.warden.store.Database;
import dev.warden.store.internal.H2Housekeeper;

/**
 * What a steady trickle of single-run commits does to the H2 file, with H2 left alone and with Warden's housekeeping
 * ({@code H2Housekeeper}): {@code seconds} of finished webhook runs (the 5 KB page body as input), one a commit, at
 * {@code rate} a second, then {@code idle} seconds with no writes. Each variant has a database of its own. Prints the
 * file's size at the end of the load and of the idle time, beside what the runs' inputs hold. Run by
 * {@code bench/run store-file}.
 */
public final class StoreFileBenchmark {

    private StoreFileBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 90;
        int rate = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        int idle = args.length > 2 ? Integer.parseInt(args[2]) : 30;
        String input = EventBenchmark.pageBody();
        System.out.printf(Locale.ROOT, "| %d s of single-run commits at %d/s, then %d s idle | runs | inputs MB "
                + "| file MB after the load | after the idle time |%n", seconds, rate, idle);
        System.out.println("|---|---|---|---|---|");
        for (boolean housekeeping : new boolean[] {false, true}) {
            Path dir = Files.createTempDirectory("warden-bench-store-file");
            try (Database db = StoreBenchmark.open(dir, StoreBenchmark.DEFAULT_PAGE)) {
                if (!housekeeping) {
                    db.housekeeper().ifPresent(H2Housekeeper::close);
                } else if (db.housekeeper().isEmpty()) {
                    throw new IllegalStateException("Warden started no housekeeping on " + dir);
                }
                long start = System.nanoTime();
                long end = start + seconds * 1_000_000_000L;
                long id = 0;
                for (long now = start; now < end; now = System.nanoTime()) {
                    StoreBenchmark.insertFinished(db, input, id++, 1);
                    long due = start + id * 1_000_000_000L / rate;
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                    }
                }
                long loaded = StoreBenchmark.fileSize(dir);
                Thread.sleep(idle * 1000L);
                System.out.printf(Locale.ROOT, "| %s | %,d | %,d | %,d | %,d |%n",
                        housekeeping ? "Warden's housekeeping" : "H2 alone (WRITE_DELAY=0)", id, inputs(db) >> 20,
                        loaded >> 20, StoreBenchmark.fileSize(dir) >> 20);
            } finally {
                EngineBenchmark.deleteTree(dir);
            }
        }
    }

    private static long inputs(Database db) throws java.sql.SQLException {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT SUM(OCTET_LENGTH(input)) FROM runs")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
