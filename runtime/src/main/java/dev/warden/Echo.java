package dev.warden;

/**
 * A value a caller chose (an id in the path, a query parameter) as an error message, a log line or the audit trail
 * shows it: whole up to {@link #MAX} characters, else its first {@code MAX}, an ellipsis and its length; control
 * characters escaped. A 5,000-character id then answers with a readable sentence, and a decoded {@code %0A} in it
 * cannot start a line of its own in the log.
 */
public final class Echo {

    /** The most characters of a value shown. */
    public static final int MAX = 100;

    private Echo() {
    }

    /** The value as shown (null stays null). */
    public static String of(String value) {
        if (value == null) {
            return null;
        }
        int end = value.length() <= MAX ? value.length()
                : Character.isHighSurrogate(value.charAt(MAX - 1)) ? MAX - 1 : MAX;
        StringBuilder out = null;
        for (int i = 0; i < end; i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                if (out == null) {
                    out = new StringBuilder(end + 16).append(value, 0, i);
                }
                out.append(String.format("\\u%04x", (int) c));
            } else if (out != null) {
                out.append(c);
            }
        }
        String shown = out != null ? out.toString() : end == value.length() ? value : value.substring(0, end);
        return end == value.length() ? shown : shown + "… (" + value.length() + " characters)";
    }
}
