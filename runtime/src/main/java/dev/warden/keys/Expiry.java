package dev.warden.keys;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

import dev.warden.rules.Durations;

/** Reads a key's expiry as people write it: {@code 90d}, {@code 12h}, a date, an instant, or {@code never}. */
public final class Expiry {

    /** The latest expiry a key may have (stored as epoch milliseconds, shown as a date everywhere). */
    static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");
    private static final Pattern DURATION = Pattern.compile("\\d+\\s*(ms|s|m|h|d)");

    private Expiry() {
    }

    /**
     * The expiry instant, or null for never. A date means the end of that day (UTC).
     *
     * @throws IllegalArgumentException naming the accepted forms
     */
    public static Instant parse(String text, Instant now) {
        if (text == null || text.isBlank() || text.trim().equalsIgnoreCase("never")) {
            return null;
        }
        Instant at = read(text.trim(), now);
        if (at == null) {
            throw new IllegalArgumentException("expiry '" + text + "' is not a duration (90d, 12h), a date "
                    + "(2026-12-31), an instant (2026-12-31T18:00:00Z) or 'never'");
        }
        if (at.isAfter(LATEST)) {
            throw new IllegalArgumentException("expiry '" + text + "' is after " + LATEST.toString().substring(0, 10)
                    + "; write 'never' for a key that does not expire");
        }
        return at;
    }

    /** The instant the text names, or null if it is none of the forms; past {@link #LATEST} if it is that far. */
    private static Instant read(String t, Instant now) {
        if (DURATION.matcher(t).matches()) {
            try {
                return now.plus(Durations.parse(t));
            } catch (IllegalArgumentException | ArithmeticException | DateTimeException tooLong) {
                return Instant.MAX;
            }
        }
        try {
            return Instant.parse(t);
        } catch (DateTimeParseException notInstant) {
            // below
        }
        try {
            return LocalDate.parse(t).plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException notDate) {
            return null;
        } catch (DateTimeException tooFar) {
            return Instant.MAX;
        }
    }
}
