package dev.warden.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Runs/s with several threads each running a task in a loop: every thread counts its own runs and the caller
 * samples the sum once per batch window, so the threads never coordinate while they run.
 */
final class Throughput {

    private Throughput() {
    }

    /**
     * @param perThread makes each thread's task (each thread gets its own, e.g. its own fresh-context runner)
     * @return runs/s per batch window, after the warm-up
     */
    static Timing.Timed measure(int threads, Supplier<Runnable> perThread, double warmupSeconds, int batches,
                                double batchSeconds) throws InterruptedException {
        List<AtomicLong> counters = new ArrayList<>();
        List<Thread> workers = new ArrayList<>();
        List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        AtomicLong stop = new AtomicLong();
        for (int t = 0; t < threads; t++) {
            AtomicLong counter = new AtomicLong();
            counters.add(counter);
            Runnable task = perThread.get();
            workers.add(Thread.ofPlatform().name("bench-worker-" + t).start(() -> {
                try {
                    while (stop.get() == 0) {
                        task.run();
                        counter.incrementAndGet();
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            }));
        }
        try {
            WarmUp.Window window = seconds -> {
                long before = sum(counters);
                long start = System.nanoTime();
                Thread.sleep((long) (seconds * 1000));
                if (!failures.isEmpty()) {
                    throw new IllegalStateException("a worker failed", failures.getFirst());
                }
                return (sum(counters) - before) / ((System.nanoTime() - start) / 1e9);
            };
            WarmUp.Outcome warmUp = WarmUp.run(window, warmupSeconds, "runs/s");
            List<Double> rates = new ArrayList<>();
            for (int b = 0; b < batches; b++) {
                rates.add(window.measure(batchSeconds));
            }
            return new Timing.Timed(rates, warmUp);
        } finally {
            stop.set(1);
            for (Thread worker : workers) {
                worker.join();
            }
        }
    }

    private static long sum(List<AtomicLong> counters) {
        long total = 0;
        for (AtomicLong c : counters) {
            total += c.get();
        }
        return total;
    }
}
