package dev.warden.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.warden.store.Database;

/**
 * Whether the run writer's H2 insert gets dearer as the runs table grows: one H2 file database with Warden's
 * migrations and default URL, filled with finished webhook runs (the 5 KB page body of {@code bench/webhooks.sh} as
 * input, inserted as {@code bench/run store} does), {@code batch} a transaction, far past the size a
 * webhook benchmark reaches; after every {@code step} rows, the CPU per row of the inserting thread over that step and
 * the file's size. Run by {@code bench/run store-growth}.
 */
public final class StoreGrowthBenchmark {

    private StoreGrowthBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 1_500_000;
        int batch = args.length > 1 ? Integer.parseInt(args[1]) : 250;
        int step = args.length > 2 ? Integer.parseInt(args[2]) : 100_000;
        if (step % batch != 0) {
            throw new IllegalArgumentException("the step (" + step + ") must be a multiple of the batch (" + batch
                    + ")");
        }
        String input = EventBenchmark.pageBody();
        Path dir = Files.createTempDirectory("warden-bench-growth");
        Database db = StoreBenchmark.open(dir, StoreBenchmark.DEFAULT_PAGE);
        try {
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            List<Double> perRow = new ArrayList<>();
            System.out.println("| rows stored | writer CPU µs/row over the last " + step + " | file MB |");
            System.out.println("|---|---|---|");
            long id = 0;
            while (id < rows) {
                long cpu0 = threads.getCurrentThreadCpuTime();
                for (int done = 0; done < step; done += batch) {
                    StoreBenchmark.insertFinished(db, input, id, batch);
                    id += batch;
                }
                double us = (threads.getCurrentThreadCpuTime() - cpu0) / 1e3 / step;
                perRow.add(us);
                long mb = StoreBenchmark.fileSize(dir) >> 20;
                System.out.printf(Locale.ROOT, "| %,d | %.1f | %,d |%n", id, us, mb);
            }
            if (perRow.size() >= 4) {
                // The first steps still warm the JIT up: the second half against the second quarter.
                int n = perRow.size();
                Spread early = Spread.of(perRow.subList(n / 4, n / 2));
                Spread late = Spread.of(perRow.subList(n / 2, n));
                System.out.printf(Locale.ROOT, "%nSecond half of the rows against the second quarter: %.1f µs/row "
                        + "against %.1f (%.2fx), %d rows a commit.%n", late.median(), early.median(),
                        late.median() / early.median(), batch);
            }
        } finally {
            db.close();
            EngineBenchmark.deleteTree(dir);
        }
    }
}
