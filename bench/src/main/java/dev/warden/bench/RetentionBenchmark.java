package dev.warden.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

import dev.warden.runs.RunStore;
import dev.warden.store.Database;
import dev.warden.store.H2FileCompaction;

/**
 * What retention does to the H2 file when it prunes a large backlog: a database at Warden's defaults filled with
 * {@code rows} finished webhook runs (the 5 KB page body as input, 250 a commit), pruned to the newest {@code keep} in
 * one transaction (as Warden did before 2026-12-07), in 5,000 runs a transaction (as it did on that day) and in
 * {@code RunStore.PURGE_BATCH} runs or {@code RunStore.PURGE_BYTES} a transaction (as it does now), each on a database
 * of its own; then {@code after} more runs inserted, to see whether the space freed is reused, and the file compacted
 * as {@code warden db compact} does. Prints the file's size at each step and how long the prune and the compaction
 * took. Run by {@code bench/run retention}.
 */
public final class RetentionBenchmark {

    private RetentionBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int keep = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        int after = args.length > 2 ? Integer.parseInt(args[2]) : 50_000;
        String input = EventBenchmark.pageBody();
        System.out.println("| prune of " + String.format(Locale.ROOT, "%,d", rows - keep) + " runs | file MB filled "
                + "| after the prune | after " + String.format(Locale.ROOT, "%,d", after) + " more runs | prune s "
                + "| after `warden db compact` | compact s |");
        System.out.println("|---|---|---|---|---|---|---|");
        List<Bound> bounds = List.of(new Bound(Integer.MAX_VALUE, Long.MAX_VALUE), new Bound(5_000, Long.MAX_VALUE),
                new Bound(RunStore.PURGE_BATCH, RunStore.PURGE_BYTES));
        for (Bound bound : bounds) {
            Path dir = Files.createTempDirectory("warden-bench-retention");
            try {
                long filled;
                long pruned;
                long more;
                double seconds;
                try (Database db = StoreBenchmark.open(dir, StoreBenchmark.DEFAULT_PAGE)) {
                    long id = 0;
                    for (; id < rows; id += 250) {
                        StoreBenchmark.insertFinished(db, input, id, 250);
                    }
                    filled = StoreBenchmark.fileSize(dir);
                    long start = System.nanoTime();
                    // By count only: no bench run is old enough for the age cut-off.
                    int removed = new RunStore(db.dataSource()).purge(Instant.parse("2000-01-01T00:00:00Z"), keep,
                            bound.runs(), bound.bytes());
                    seconds = (System.nanoTime() - start) / 1e9;
                    pruned = StoreBenchmark.fileSize(dir);
                    for (long n = 0; n < after; n += 250, id += 250) {
                        StoreBenchmark.insertFinished(db, input, id, 250);
                    }
                    more = StoreBenchmark.fileSize(dir);
                    if (removed != rows - keep) {
                        throw new IllegalStateException("removed " + removed + " runs, not " + (rows - keep));
                    }
                }
                H2FileCompaction.Result compacted = H2FileCompaction.compact(StoreBenchmark.config(dir,
                        StoreBenchmark.DEFAULT_PAGE));
                System.out.printf(Locale.ROOT, "| %s | %,d | %,d | %,d | %.1f | %,d | %.1f |%n", bound, filled >> 20,
                        pruned >> 20, more >> 20, seconds, compacted.after() >> 20,
                        compacted.took().toMillis() / 1000.0);
            } finally {
                EngineBenchmark.deleteTree(dir);
            }
        }
    }

    /** What a prune's transaction may take: runs, and bytes of their input, result and logs. */
    private record Bound(int runs, long bytes) {
        @Override
        public String toString() {
            if (runs == Integer.MAX_VALUE) {
                return "one transaction";
            }
            String count = String.format(Locale.ROOT, "%,d runs", runs);
            return (bytes == Long.MAX_VALUE ? count : count + " or " + (bytes >> 20) + " MiB") + " a transaction"
                    + (runs == RunStore.PURGE_BATCH && bytes == RunStore.PURGE_BYTES ? " (Warden's)" : "");
        }
    }
}
