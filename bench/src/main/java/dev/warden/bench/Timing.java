package dev.warden.bench;

import java.util.ArrayList;
import java.util.List;

/** Single-thread timing loops: a warm-up whose progress is printed, then independent timed batches. */
final class Timing {

    /** The batches' samples and the warm-up before them. */
    record Timed(List<Double> samples, WarmUp.Outcome warmUp) {
    }

    private Timing() {
    }

    /** µs per call, one sample per batch of {@code batchSeconds}, after a {@link WarmUp} of calls. */
    static Timed microsPerCall(Runnable call, double warmupSeconds, int batches, double batchSeconds)
            throws InterruptedException {
        WarmUp.Outcome warmUp = WarmUp.run(seconds -> window(call, seconds), warmupSeconds, "µs/run");
        List<Double> samples = new ArrayList<>();
        for (int b = 0; b < batches; b++) {
            samples.add(window(call, batchSeconds));
        }
        return new Timed(samples, warmUp);
    }

    /**
     * ms per call, one sample per batch of {@code perBatch} calls, after exactly {@code warmup} calls: a count,
     * not a time, so that node runs the same warm-up (its outcome is always reported as settled).
     */
    static Timed millisPerCall(Runnable call, int warmup, int batches, int perBatch) {
        long start = System.nanoTime();
        for (int done = 0; done < warmup; done += perBatch) {
            double millis = millisOver(call, Math.min(perBatch, warmup - done));
            Results.progress("warm-up %4d/%d iterations, %5.1f s: %.2f ms/iteration",
                    Math.min(done + perBatch, warmup), warmup, (System.nanoTime() - start) / 1e9, millis);
        }
        WarmUp.Outcome warmUp = new WarmUp.Outcome((System.nanoTime() - start) / 1e9, true);
        List<Double> samples = new ArrayList<>();
        for (int b = 0; b < batches; b++) {
            samples.add(millisOver(call, perBatch));
        }
        return new Timed(samples, warmUp);
    }

    private static double window(Runnable call, double seconds) {
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        long calls = 0;
        long now;
        do {
            for (int i = 0; i < 64; i++) {
                call.run();
            }
            calls += 64;
            now = System.nanoTime();
        } while (now < end);
        return (now - start) / 1e3 / calls;
    }

    /** ms per call over {@code calls} calls. */
    static double millisOver(Runnable call, int calls) {
        long start = System.nanoTime();
        for (int i = 0; i < calls; i++) {
            call.run();
        }
        return (System.nanoTime() - start) / 1e6 / calls;
    }
}
