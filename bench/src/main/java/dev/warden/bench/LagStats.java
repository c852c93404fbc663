package dev.warden.bench;

import java.util.Arrays;

/** Percentiles of lags in milliseconds, exact (every sample kept: a few hundred thousand longs at most). */
final class LagStats {

    private long[] samples = new long[1024];
    private int count;

    void add(long millis) {
        if (count == samples.length) {
            samples = Arrays.copyOf(samples, count * 2);
        }
        samples[count++] = millis;
    }

    int count() {
        return count;
    }

    private long percentile(long[] sorted, double p) {
        return sorted[(int) Math.min(sorted.length - 1, Math.ceil(p / 100 * sorted.length) - 1)];
    }

    @Override
    public String toString() {
        if (count == 0) {
            return "no samples";
        }
        long[] sorted = Arrays.copyOf(samples, count);
        Arrays.sort(sorted);
        return String.format("n=%d min=%d p50=%d p90=%d p99=%d max=%d ms", count, sorted[0], percentile(sorted, 50),
                percentile(sorted, 90), percentile(sorted, 99), sorted[count - 1]);
    }
}
