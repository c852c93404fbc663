package dev.warden.rules;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;

/**
 * Parses a trigger's {@code startAt} and {@code endAt}: an instant with an offset ({@code 2025-01-01T08:00:00Z},
 * {@code 2025-01-01T08:00+01:00}), or a local date-time or date read in the trigger's zone ({@code 2025-01-01T08:00},
 * {@code 2025-01-01}).
 */
public final class TriggerTimes {

    private TriggerTimes() {
    }

    /** @throws IllegalArgumentException naming the accepted forms when the text is none of them */
    public static Instant parse(String text, ZoneId zone) {
        String t = text == null ? "" : text.trim();
        try {
            return OffsetDateTime.parse(t).toInstant();
        } catch (DateTimeParseException notOffset) {
            try {
                return LocalDateTime.parse(t).atZone(zone).toInstant();
            } catch (DateTimeParseException notLocal) {
                try {
                    return LocalDate.parse(t).atStartOfDay(zone).toInstant();
                } catch (DateTimeParseException notDate) {
                    throw new IllegalArgumentException("'" + text + "' is not a date-time; write e.g. "
                            + "2025-01-01T08:00:00Z, 2025-01-01T08:00+01:00, "
                            + "or 2025-01-01T08:00 (in the trigger's zone)");
                }
            }
        }
    }
}
