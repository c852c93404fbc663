package dev.warden.rules;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.warden.Echo;

/** Parses the duration texts authors and admins write: {@code 500ms}, {@code 30s}, {@code 5m}, {@code 2h}, {@code 90d}. */
public final class Durations {

    private static final Pattern TEXT = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

    private Durations() {
    }

    /** @throws IllegalArgumentException naming the accepted forms when the text is not one of them */
    public static Duration parse(String text) {
        Matcher m = TEXT.matcher(text == null ? "" : text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + Echo.of(text) + "' is not a duration; write e.g. 500ms, 30s, 5m, "
                    + "2h or 90d");
        }
        try {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("'" + Echo.of(text) + "' is longer than any duration Warden can hold");
        }
    }

    /** The shortest of the forms above that says the same, e.g. {@code 30s}. */
    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms % 86_400_000 == 0 && ms > 0) return ms / 86_400_000 + "d";
        if (ms % 3_600_000 == 0 && ms > 0) return ms / 3_600_000 + "h";
        if (ms % 60_000 == 0 && ms > 0) return ms / 60_000 + "m";
        if (ms % 1000 == 0) return ms / 1000 + "s";
        return ms + "ms";
    }
}
