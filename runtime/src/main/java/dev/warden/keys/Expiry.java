package dev.warden.keys;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

import dev.warden.rules.Durations;

/** Reads a key's expiry as people write it: {@code 90d}, {@code 12h}, a date, an instant, or {@code never}. */
public final class Expiry {

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
        String t = text.trim();
        try {
            return now.plus(Durations.parse(t));
        } catch (IllegalArgumentException notDuration) {
            try {
                return Instant.parse(t);
            } catch (DateTimeParseException notInstant) {
                try {
                    return LocalDate.parse(t).plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC);
                } catch (DateTimeParseException notDate) {
                    throw new IllegalArgumentException("expiry '" + text + "' is not a duration (90d, 12h), a date "
                            + "(2026-12-31), an instant (2026-12-31T18:00:00Z) or 'never'");
                }
            }
        }
    }
}
