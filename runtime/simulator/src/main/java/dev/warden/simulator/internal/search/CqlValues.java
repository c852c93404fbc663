package dev.warden.simulator.internal.search;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** CQL date values: {@code now()}, {@code now("-7d")} and dates such as {@code "2026-11-01"}. */
final class CqlValues {
    private static final Pattern OFFSET_PART = Pattern.compile("([+-]?)(\\d+)([yMwdhm])");

    private CqlValues() {}

    static Instant now(Instant now, String offset) {
        if (offset == null || offset.isBlank()) {
            return now;
        }
        String text = offset.trim();
        int sign = 1;
        if (text.startsWith("-") || text.startsWith("+")) {
            sign = text.startsWith("-") ? -1 : 1;
            text = text.substring(1);
        }
        Matcher matcher = OFFSET_PART.matcher(text);
        ZonedDateTime result = now.atZone(ZoneOffset.UTC);
        int position = 0;
        while (matcher.find() && matcher.start() == position) {
            long amount = sign * Long.parseLong(matcher.group(2));
            result = switch (matcher.group(3)) {
                case "y" -> result.plusYears(amount);
                case "M" -> result.plusMonths(amount);
                case "w" -> result.plusWeeks(amount);
                case "d" -> result.plusDays(amount);
                case "h" -> result.plusHours(amount);
                default -> result.plusMinutes(amount);
            };
            position = matcher.end();
        }
        if (position != text.length() || position == 0) {
            throw new CqlException("invalid date offset " + offset);
        }
        return result.toInstant();
    }

    static Instant date(String text) {
        String normalised = text.trim().replace('/', '-');
        try {
            if (normalised.length() > 10) {
                return LocalDateTime.parse(normalised, DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm"))
                        .toInstant(ZoneOffset.UTC);
            }
            return LocalDate.parse(normalised).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException e) {
            throw new CqlException("invalid date " + text);
        }
    }
}
