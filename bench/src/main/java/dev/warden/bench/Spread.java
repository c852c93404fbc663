package dev.warden.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The spread of one measurement over its batches: each batch is an independent repeat, so min, median and max
 * show how much the noise of a shared machine moved the figure.
 */
public record Spread(double min, double median, double max, List<Double> samples) {

    public static Spread of(List<Double> samples) {
        double[] sorted = samples.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int n = sorted.length;
        double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        return new Spread(sorted[0], median, sorted[n - 1], List.copyOf(samples));
    }

    /**
     * The spread of {@code values} against {@code baseline}, round by round: each value divided by the baseline's
     * value of the same round (the two lists in round order, as long as each other).
     */
    public static Spread ofRatios(List<Double> values, List<Double> baseline) {
        List<Double> ratios = new ArrayList<>(values.size());
        for (int i = 0; i < values.size(); i++) {
            ratios.add(values.get(i) / baseline.get(i));
        }
        return of(ratios);
    }

    /**
     * Prints a Markdown table of per-round figures: a row per variant, its median (min-max), and its ratio to the
     * first row's figure of the same round.
     */
    public static void printAgainstFirst(String variantHeading, String figureHeading, Map<String, List<Double>> rows) {
        List<Double> first = rows.values().iterator().next();
        System.out.println("| " + variantHeading + " | " + figureHeading + " | against the first row, per round |");
        System.out.println("|---|---|---|");
        for (Map.Entry<String, List<Double>> row : rows.entrySet()) {
            Spread value = of(row.getValue());
            Spread against = ofRatios(row.getValue(), first);
            System.out.printf(Locale.ROOT, "| %s | %.2f (%.2f-%.2f) | %.2f (%.2f-%.2f) |%n", row.getKey(),
                    value.median(), value.min(), value.max(), against.median(), against.min(), against.max());
        }
    }

    /** The samples in the order they were taken, so a trend (still warming up) is visible. */
    public String samplesText() {
        return samples.stream().map(s -> String.format(Locale.ROOT, "%.4g", s))
                .collect(Collectors.joining(","));
    }

    static double[] parseSamples(String text) {
        return Arrays.stream(text.split(",")).mapToDouble(Double::parseDouble).toArray();
    }
}
