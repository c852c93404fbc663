package dev.warden.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.warden.config.DatabaseConfig;
import dev.warden.config.Secret;
import dev.warden.runs.Run;
import dev.warden.runs.RunStatus;
import dev.warden.runs.RunStore;
import dev.warden.runs.RunTrigger;
import dev.warden.store.Database;

/**
 * What storing a webhook run costs the run writer in H2 as Warden keeps it (the input as a CLOB in the row up to 16
 * KiB since V4_1, two secondary indexes since V6, MVStore pages split at 64 KiB by the default URL's PAGE_SIZE) and
 * as it did before: 4 KiB pages (H2's default), the two indexes V6 dropped, no secondary index at all, the input as
 * the CHARACTER VARYING that {@code TEXT} means in H2 (before V4_1) or as a CLOB in H2's separate LOB storage (H2's
 * default for values over 256 bytes). Also two ways Warden does not store runs, for what they would save: the input
 * kept elsewhere (a short reference in its place), with and without the secondary indexes. Each variant gets its own
 * H2 file database with Warden's migrations, and the run writer's work: finished runs with the 5 KB page body of
 * {@code bench/webhooks.sh} as input, bound by the writer's own {@code RunStore.bindInsert}, 512 inserts a
 * transaction (64 in the two "commits of 64" variants, with 64 KiB and 4 KiB pages). Rounds of the variants
 * alternate, so that load from elsewhere hits all alike; the figure is the CPU per row of the writing thread and H2's
 * own threads. Run by {@code bench/run store}.
 */
public final class StoreBenchmark {

    private static final String META = "{\"headers\":{\"content-type\":\"application/json\","
            + "\"host\":\"127.0.0.1:8080\",\"content-length\":\"5121\"},\"query\":{}}";
    private static final int BATCH = 512;
    /** A database to insert into, how many runs a commit, and the input to bind (null: the page body). */
    private record Variant(Database db, int batch, String input) {
        Variant(Database db) {
            this(db, BATCH, null);
        }

        Variant(Database db, int batch) {
            this(db, batch, null);
        }
    }

    /**
     * What a run's row would hold in place of its input if the input were kept apart (in the run journal, say): a
     * reference to where it is, about as long as this.
     */
    private static final String INPUT_REFERENCE = "{\"journal\":\"000017\",\"at\":123456789}";

    /** Warden's default H2 URL's PAGE_SIZE (ConfigLoader). */
    static final int DEFAULT_PAGE = 65536;

    private StoreBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 7;
        double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 2;
        String input = EventBenchmark.pageBody();
        Path root = Files.createTempDirectory("warden-bench-store");
        Map<String, Variant> variants = new LinkedHashMap<>();
        try {
            String[] twoBack = {"CREATE INDEX runs_by_created ON runs (created_at)",
                "CREATE INDEX runs_by_rule_status ON runs (rule_id, status)"};
            variants.put("now: CLOB in the row up to 16 KiB, V6's two indexes, 64 KiB pages",
                    new Variant(open(root.resolve("now"), DEFAULT_PAGE)));
            variants.put("4 KiB pages (H2's default, before 2026-12-06 evening)",
                    new Variant(open(root.resolve("page4k"), 4096)));
            variants.put("4 KiB pages, with `runs_by_created` and `runs_by_rule_status` (before V6)",
                    new Variant(open(root.resolve("before"), 4096, twoBack)));
            variants.put("with `runs_by_created` and `runs_by_rule_status` (before V6)",
                    new Variant(open(root.resolve("four"), DEFAULT_PAGE, twoBack)));
            variants.put("without any secondary index", new Variant(open(root.resolve("no-index"), DEFAULT_PAGE,
                    "DROP INDEX runs_by_rule", "DROP INDEX runs_by_status")));
            // Commits of 64 runs, as the writer makes when it keeps up (wait mode): whether 64 KiB pages still pay when
            // every commit rewrites the last page of each index for fewer rows.
            variants.put("commits of 64 runs", new Variant(open(root.resolve("small-now"), DEFAULT_PAGE), 64));
            variants.put("commits of 64 runs, 4 KiB pages", new Variant(open(root.resolve("small-4k"), 4096), 64));
            variants.put("input as CHARACTER VARYING (`TEXT` before V4_1)", new Variant(open(root.resolve("varchar"),
                    DEFAULT_PAGE, "ALTER TABLE runs ALTER COLUMN input SET DATA TYPE CHARACTER VARYING(1000000000)")));
            variants.put("input as a CLOB in LOB storage (H2's default)", new Variant(open(root.resolve("lob"),
                    DEFAULT_PAGE, "SET MAX_LENGTH_INPLACE_LOB 256")));
            // Not a way Warden can store runs today: what keeping the input out of the row would leave to H2.
            variants.put("input kept elsewhere (a 35-character reference in the row)",
                    new Variant(open(root.resolve("reference"), DEFAULT_PAGE), BATCH, INPUT_REFERENCE));
            variants.put("input kept elsewhere, without any secondary index", new Variant(open(
                    root.resolve("reference-no-index"), DEFAULT_PAGE, "DROP INDEX runs_by_rule",
                    "DROP INDEX runs_by_status"), BATCH, INPUT_REFERENCE));
            long[] ids = {0};
            // Warm-up: a round of each, not counted.
            for (Variant v : variants.values()) {
                round(v.db(), v.input() == null ? input : v.input(), seconds, ids, v.batch());
            }
            Map<String, List<Double>> cpu = new LinkedHashMap<>();
            variants.keySet().forEach(k -> cpu.put(k, new ArrayList<>()));
            for (int r = 0; r < rounds; r++) {
                for (Map.Entry<String, Variant> v : variants.entrySet()) {
                    Variant variant = v.getValue();
                    double us = round(variant.db(), variant.input() == null ? input : variant.input(), seconds, ids,
                            variant.batch());
                    cpu.get(v.getKey()).add(us);
                    System.err.printf(Locale.ROOT, "round %d, %s: %.1f µs/row%n", r + 1, v.getKey(), us);
                }
            }
            List<Double> now = cpu.values().iterator().next();
            System.out.println("| variant | writer CPU µs/row | against now, per round |");
            System.out.println("|---|---|---|");
            for (Map.Entry<String, List<Double>> e : cpu.entrySet()) {
                Spread s = Spread.of(e.getValue());
                Spread q = Spread.ofRatios(e.getValue(), now);
                System.out.printf(Locale.ROOT, "| %s | %.1f (%.1f-%.1f) | %.2f (%.2f-%.2f) |%n", e.getKey(),
                        s.median(), s.min(), s.max(), q.median(), q.min(), q.max());
            }
        } finally {
            variants.values().forEach(v -> v.db().close());
            EngineBenchmark.deleteTree(root);
        }
    }

    /** An H2 file database in {@code dir} at Warden's defaults but for the page size. */
    static DatabaseConfig config(Path dir, int pageSize) {
        return new DatabaseConfig("jdbc:h2:file:" + dir.resolve("warden")
                + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0;PAGE_SIZE=" + pageSize, "", Secret.empty());
    }

    /** The size of the H2 file {@link #config} names in {@code dir}. */
    static long fileSize(Path dir) throws java.io.IOException {
        return Files.size(dir.resolve("warden.mv.db"));
    }

    /** A fresh H2 file database in {@code dir} with Warden's migrations, then {@code changes} applied. */
    static Database open(Path dir, int pageSize, String... changes) throws SQLException, java.io.IOException {
        Files.createDirectories(dir);
        Database db = Database.open(config(dir, pageSize), dir);
        for (String change : changes) {
            try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
                s.execute(change);
            }
        }
        return db;
    }

    /** Inserts finished runs for about {@code seconds}, {@code batch} a transaction; the CPU µs per row. */
    private static double round(Database db, String input, double seconds, long[] ids, int batch)
            throws SQLException {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long end = System.nanoTime() + (long) (seconds * 1e9);
        long cpu0 = threads.getCurrentThreadCpuTime();
        int rows = 0;
        do {
            insertFinished(db, input, ids[0], batch);
            ids[0] += batch;
            rows += batch;
        } while (System.nanoTime() < end);
        return (threads.getCurrentThreadCpuTime() - cpu0) / 1e3 / rows;
    }

    /**
     * Inserts {@code batch} finished runs in one transaction, as the run writer does: ids from {@code firstId} on,
     * bound by {@code RunStore.bindInsert}.
     */
    static void insertFinished(Database db, String input, long firstId, int batch) throws SQLException {
        try (Connection c = db.dataSource().getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(RunStore.INSERT)) {
                for (int i = 0; i < batch; i++) {
                    Instant at = Instant.now();
                    Run run = new Run(String.format(Locale.ROOT, "01BENCH%019d", firstId + i), "bench", "bench.mjs",
                            "f83ebf98362a", new RunTrigger("webhook", "bench"), RunStatus.SUCCEEDED, at, at, at, input,
                            "{\"ok\":true,\"page\":\"123456789\"}", null, "[]");
                    RunStore.bindInsert(ps, run, "bench-instance", META);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            c.commit();
        }
    }
}
