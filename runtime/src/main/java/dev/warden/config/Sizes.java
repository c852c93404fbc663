package dev.warden.config;

import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Size settings as written in the config: {@code 65536}, {@code 512KiB}, {@code 16MiB}. */
public final class Sizes {

    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(B|KiB|MiB)?");
    private static final long KIB = 1024;
    private static final long MIB = 1024 * 1024;

    private Sizes() {
    }

    /** A size the way a setting is written: {@code 16MiB}, {@code 512KiB}, {@code 1000B}. */
    public static String format(long bytes) {
        if (bytes >= MIB && bytes % MIB == 0) {
            return bytes / MIB + "MiB";
        }
        return bytes >= KIB && bytes % KIB == 0 ? bytes / KIB + "KiB" : bytes + "B";
    }

    /**
     * @param raw the setting's text, or null for {@code fallback}
     * @param from where the setting came from, for the message
     */
    static long parse(String raw, long fallback, String key, long min, long max, Function<String, String> from) {
        if (raw == null) {
            return fallback;
        }
        Matcher m = SIZE.matcher(raw.trim());
        if (!m.matches() || m.group(1).length() > 12) {
            throw new ConfigException(key + " must be a size such as 1MiB, 512KiB or 65536, got '" + raw + "' ("
                    + from.apply(key) + ")");
        }
        long unit = m.group(2) == null || m.group(2).equals("B") ? 1 : m.group(2).equals("KiB") ? KIB : MIB;
        long bytes = Long.parseLong(m.group(1)) * unit;
        if (bytes < min || bytes > max) {
            throw new ConfigException(key + " must be between " + format(min) + " and " + format(max) + ", got '"
                    + raw + "' (" + from.apply(key) + ")");
        }
        return bytes;
    }
}
