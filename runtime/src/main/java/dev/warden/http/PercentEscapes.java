package dev.warden.http;

/**
 * Finds a bad percent-escape ({@code %} not followed by two hex digits) in form fields and query strings, so that
 * the 400 can say where it is instead of passing on URLDecoder's exception or losing the parameter.
 */
final class PercentEscapes {

    private PercentEscapes() {
    }

    /** The index of the first bad escape in {@code text} from {@code from} (inclusive) to {@code to}, or -1. */
    static int firstBad(String text, int from, int to) {
        for (int i = text.indexOf('%', from); i >= 0 && i < to; i = text.indexOf('%', i + 1)) {
            if (i + 2 >= to || !isHex(text.charAt(i + 1)) || !isHex(text.charAt(i + 2))) {
                return i;
            }
        }
        return -1;
    }

    /** The bad escape at {@code at} as sent: the {@code %} and up to two characters after it. */
    static String shown(String text, int at, int to) {
        return text.substring(at, Math.min(to, at + 3));
    }

    private static boolean isHex(char c) {
        return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
    }
}
