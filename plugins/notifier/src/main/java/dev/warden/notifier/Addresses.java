package dev.warden.notifier;

import java.util.regex.Pattern;

/**
 * Email addresses as the SMTP dialogue and the message headers need them: a plain addr-spec ({@code local@domain},
 * RFC 5321 4.1.2 without quoted strings or address literals), so nothing in one can end a command, start another or
 * add a header. Everything else (display names, angle brackets, spaces, line breaks) is refused, not cleaned up.
 */
final class Addresses {

    /** RFC 5321 4.5.3.1: a path is at most 256 octets with its angle brackets, a local part at most 64. */
    static final int MAX_LENGTH = 254;
    static final int MAX_LOCAL_LENGTH = 64;

    private static final Pattern PLAIN = Pattern.compile(
            "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
                    + "@[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*");

    private Addresses() {
    }

    /** True when {@code address} is a plain {@code local@domain} of sane length. */
    static boolean plain(String address) {
        return address.length() <= MAX_LENGTH && PLAIN.matcher(address).matches()
                && address.indexOf('@') <= MAX_LOCAL_LENGTH;
    }

    /** {@code address} quoted for an error message: control characters escaped, at most 80 characters shown. */
    static String shown(String address) {
        StringBuilder out = new StringBuilder("'");
        address.codePoints().limit(80).forEach(c -> {
            switch (c) {
                case '\r' -> out.append("\\r");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                default -> {
                    if (Character.isISOControl(c) || Character.getType(c) == Character.FORMAT) {
                        out.append(String.format("\\u%04x", c));
                    } else {
                        out.appendCodePoint(c);
                    }
                }
            }
        });
        out.append(address.codePointCount(0, address.length()) > 80 ? "...'" : "'");
        return out.toString();
    }
}
