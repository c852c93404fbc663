package dev.warden.bench;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Writes result lines, tab-separated, for {@link BenchReport}: {@code meta key value} and
 * {@code result key unit min median max samples othersCores}. node's transform.mjs writes the same format.
 */
final class Results {

    private final PrintStream out;

    Results(PrintStream out) {
        this.out = out;
    }

    void meta(String key, Object value) {
        out.println("meta\t" + key + "\t" + value);
        out.flush();
    }

    void result(String key, String unit, Spread spread, double othersCores) {
        out.println(String.join("\t", "result", key, unit, number(spread.min()), number(spread.median()),
                number(spread.max()), spread.samplesText(), number(othersCores)));
        out.flush();
    }

    /** Progress for the person watching, on stderr so it never mixes with the results. */
    static void progress(String format, Object... args) {
        System.err.println("  " + String.format(Locale.ROOT, format, args));
    }

    private static String number(double value) {
        return String.format(Locale.ROOT, "%.6g", value);
    }
}
