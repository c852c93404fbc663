package dev.warden.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * Warms up in windows until the figure settles: at least the minimum time, then until the last three windows
 * agree within 15%, or at most three times the minimum. On 2 shared cores the Graal compiler competes with the
 * work and with other people's builds, so a fixed warm-up is either wasteful or too short.
 */
final class WarmUp {

    /** How long the warm-up took and whether the figure had settled when it stopped. */
    record Outcome(double seconds, boolean settled) {
    }

    private static final double WINDOW_SECONDS = 2.0;
    private static final int SETTLED_WINDOWS = 3;
    private static final double SETTLED_SPREAD = 1.15;

    private WarmUp() {
    }

    /** @param window runs the work for about {@code seconds} and returns its figure (µs/run or runs/s) */
    static Outcome run(Window window, double minSeconds, String unit) throws InterruptedException {
        long start = System.nanoTime();
        List<Double> figures = new ArrayList<>();
        while (true) {
            double figure = window.measure(WINDOW_SECONDS);
            figures.add(figure);
            double elapsed = (System.nanoTime() - start) / 1e9;
            Results.progress("warm-up %5.1f s: %,.2f %s", elapsed, figure, unit);
            boolean settled = settled(figures);
            if (elapsed >= minSeconds && settled || elapsed >= 3 * minSeconds) {
                return new Outcome(elapsed, settled);
            }
        }
    }

    private static boolean settled(List<Double> figures) {
        if (figures.size() < SETTLED_WINDOWS) {
            return false;
        }
        List<Double> last = figures.subList(figures.size() - SETTLED_WINDOWS, figures.size());
        double min = last.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
        double max = last.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
        return max <= min * SETTLED_SPREAD;
    }

    /** One timed window of work. */
    @FunctionalInterface
    interface Window {
        double measure(double seconds) throws InterruptedException;
    }
}
