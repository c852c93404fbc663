package dev.warden.engine.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The one pass that checks JSON text and builds its {@link JsonTape}: strict RFC 8259, answering "valid" (a tape) or
 * "not sure" ({@link #NOT_SURE}, or an {@link ArrayIndexOutOfBoundsException} when the text ends early), never a
 * reason: Jackson gives that, and the final word, for every text this is not sure of. One per text; not thread-safe.
 */
final class JsonScanner {

    /** Deeper texts are left to Jackson (whose own limit is 1,000), keeping the scan's recursion shallow. */
    private static final int MAX_DEPTH = 200;
    /** Jackson's limit on a number's length; a longer one is left to Jackson to refuse. */
    private static final int MAX_NUMBER_LENGTH = 1000;
    /**
     * A number below ten to this power is within a double's range (1.8e308); one that may not be is left to Jackson's
     * check, which refuses it if it is beyond, rather than parse every number here.
     */
    private static final int MAX_SURE_MAGNITUDE = 308;
    /** Below Jackson's limit on a name's length (50,000): a longer name is left to Jackson to refuse. */
    private static final int MAX_NAME_LENGTH = 10_000;
    /** Below Jackson's limit on a string's length (20,000,000): longer texts are left to Jackson. */
    static final int MAX_TEXT = 1 << 24;

    /** The chars below 128 that a string holds as they are: not a quote, a backslash or a control character. */
    private static final boolean[] PLAIN = new boolean[128];

    static {
        for (char c = 0x20; c < 128; c++) {
            PLAIN[c] = c != '"' && c != '\\';
        }
    }

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;
    private static final long QUOTES = 0x2222222222222222L;
    private static final long BACKSLASHES = 0x5C5C5C5C5C5C5C5CL;
    private static final long SPACES = 0x2020202020202020L;

    static final RuntimeException NOT_SURE = new RuntimeException("not sure", null, false, false) { };

    /**
     * The text a byte per char, so that a string's content is checked eight at a time ({@link #plainRun}): below 128
     * the char itself; above it, ISO-8859-1's byte (128 or more), or for a char beyond ISO-8859-1 a {@code '?'} or
     * {@code 0x80}, or (scanned from the UTF-8 it was decoded from) for a U+FFFD the byte it replaced. Those stand in for the char without changing the verdict: inside a string all of them are plain
     * content, and anywhere else neither they nor the char are valid JSON.
     */
    private final byte[] s;
    private final int n;
    private int i;
    private int[] tape;
    private int size;
    private int depth;
    private boolean escaped;
    /** Whether the last string held a backslash-u escape of half a surrogate pair. */
    private boolean surrogate;

    JsonScanner(String text) {
        this(asciiBytes(text));
    }

    /** For a text at hand as bytes one per char, as {@link #s} describes them (see {@link JsonTape#scan(String, byte[])}). */
    JsonScanner(byte[] chars) {
        this.s = chars;
        this.n = s.length;
        this.tape = new int[Math.max(64, n / 4)];
    }

    /** The tape of the whole text, which must be one object or array with only white space around it. */
    int[] tape() {
        space();
        char c = at(i);
        if (c != '{' && c != '[') {
            throw NOT_SURE;
        }
        value();
        space();
        if (i != n) {
            throw NOT_SURE;
        }
        return tape;
    }

    private void value() {
        char c = at(i);
        switch (c) {
            case '{' -> container(JsonTape.OBJECT, '}');
            case '[' -> container(JsonTape.ARRAY, ']');
            case '"' -> {
                int start = i + 1;
                int end = string();
                add(JsonTape.STRING | (escaped ? JsonTape.ESCAPED : 0), start, end);
            }
            case 't' -> literal("true", JsonTape.TRUE);
            case 'f' -> literal("false", JsonTape.FALSE);
            case 'n' -> literal("null", JsonTape.NULL);
            default -> number();
        }
    }

    /** An object or array, from its opening bracket to past its closing one. */
    private void container(int kind, char closing) {
        int header = open(kind);
        space();
        int count = 0;
        if (at(i) == closing) {
            i++;
        } else {
            while (true) {
                if (kind == JsonTape.OBJECT) {
                    name();
                }
                value();
                count++;
                space();
                char c = at(i++);
                if (c == closing) {
                    break;
                }
                if (c != ',') {
                    throw NOT_SURE;
                }
                space();
            }
        }
        close(header, count);
    }

    /** A member's name and its colon, up to its value. */
    private void name() {
        if (at(i) != '"') {
            throw NOT_SURE;
        }
        int start = i + 1;
        int end = string();
        if (surrogate || end - start > MAX_NAME_LENGTH) {
            throw NOT_SURE; // Jackson checks the pairing of escaped surrogates in names (not in values)
        }
        add(JsonTape.NAME | (escaped ? JsonTape.ESCAPED : 0), start, end);
        space();
        if (at(i++) != ':') {
            throw NOT_SURE;
        }
        space();
    }

    private int open(int kind) {
        if (++depth > MAX_DEPTH) {
            throw NOT_SURE;
        }
        int header = size;
        ensure(4);
        tape[size] = kind;
        tape[size + 1] = i++;
        size += 4;
        return header;
    }

    private void close(int header, int count) {
        tape[header + 2] = count;
        tape[header + 3] = size;
        depth--;
    }

    /** From the opening quote; leaves {@code i} after the closing one and returns where that quote is. */
    private int string() {
        escaped = false;
        surrogate = false;
        int j = i + 1;
        while (true) {
            j = plainRun(j);
            char c = at(j);
            if (c >= PLAIN.length || PLAIN[c]) {
                j++;
                continue;
            }
            if (c == '"') {
                i = j + 1;
                return j;
            }
            if (c < 0x20) {
                throw NOT_SURE;
            }
            if (c == '\\') {
                escaped = true;
                char e = at(++j);
                if (e == 'u') {
                    int code = 0;
                    for (int k = 1; k <= 4; k++) {
                        int digit = hex(at(j + k));
                        if (digit < 0) {
                            throw NOT_SURE;
                        }
                        code = code * 16 + digit;
                    }
                    surrogate |= Character.isSurrogate((char) code);
                    j += 4;
                } else if ("\"\\/bfnrt".indexOf(e) < 0) {
                    throw NOT_SURE;
                }
            }
            j++;
        }
    }

    private void number() {
        int start = i;
        boolean fraction = false;
        if (at(i) == '-') {
            i++;
        }
        int first = i;
        char c = at(i);
        if (c == '0') {
            i++;
            if (i < n && isDigit(at(i))) {
                throw NOT_SURE; // a leading zero
            }
        } else if (c >= '1' && c <= '9') {
            digits();
        } else {
            throw NOT_SURE;
        }
        // Digits before the point: the number is below ten to their count (times ten to its exponent).
        int magnitude = at(first) == '0' ? 0 : i - first;
        if (i < n && at(i) == '.') {
            fraction = true;
            i++;
            requireDigits();
        }
        if (i < n && (at(i) == 'e' || at(i) == 'E')) {
            fraction = true;
            i++;
            boolean negative = at(i) == '-';
            if (at(i) == '+' || negative) {
                i++;
            }
            int digits = i;
            requireDigits();
            if (!negative) {
                int exponent = 0;
                for (int j = digits; j < i && exponent <= MAX_SURE_MAGNITUDE; j++) {
                    exponent = exponent * 10 + at(j) - '0';
                }
                magnitude += exponent;
            }
        }
        if (magnitude > MAX_SURE_MAGNITUDE) {
            throw NOT_SURE;
        }
        if (i - start > MAX_NUMBER_LENGTH) {
            throw NOT_SURE;
        }
        add(fraction ? JsonTape.FLOAT : JsonTape.INTEGER, start, i);
    }

    private void requireDigits() {
        if (!isDigit(at(i))) {
            throw NOT_SURE;
        }
        digits();
    }

    private void digits() {
        while (i < n && isDigit(at(i))) {
            i++;
        }
    }

    /** An ASCII hex digit's value, else -1 (not {@link Character#digit}, which takes full-width digits too). */
    private static int hex(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        return c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private void literal(String word, int kind) {
        for (int k = 0; k < word.length(); k++) {
            if (at(i + k) != word.charAt(k)) {
                throw NOT_SURE;
            }
        }
        add(kind, i, i + word.length());
        i += word.length();
    }

    private void space() {
        while (i < n) {
            char c = at(i);
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                return;
            }
            i++;
        }
    }

    private char at(int index) {
        return (char) (s[index] & 0xFF);
    }

    /**
     * From {@code j}, past plain string content (no quote, backslash or control char) eight bytes at a time: to
     * the first byte that is not plain, or near the end of the text.
     */
    private int plainRun(int j) {
        while (j + 8 <= n) {
            long v = (long) LONGS.get(s, j);
            long quote = v ^ QUOTES;
            long backslash = v ^ BACKSLASHES;
            // a byte is flagged in the high bit where it is zero after the xor (or below 0x20), see "Bit Twiddling
            // Hacks", "Determine if a word has a byte less than n"; bytes of 0x80 or more are never flagged
            long special = ((quote - ONES) & ~quote) | ((backslash - ONES) & ~backslash) | ((v - SPACES) & ~v);
            special &= HIGHS;
            if (special != 0) {
                // the lowest flag is exact (a borrow only ever flags bytes above a real one)
                return j + (Long.numberOfTrailingZeros(special) >>> 3);
            }
            j += 8;
        }
        return j;
    }

    private static byte[] asciiBytes(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        if (bytes.length != text.length()) { // a surrogate pair became one '?': map char by char
            bytes = new byte[text.length()];
            for (int k = 0; k < bytes.length; k++) {
                char c = text.charAt(k);
                bytes[k] = (byte) (c < 0x80 ? c : 0x80);
            }
        }
        return bytes;
    }

    private void add(int kind, int start, int end) {
        ensure(3);
        tape[size] = kind;
        tape[size + 1] = start;
        tape[size + 2] = end;
        size += 3;
    }

    private void ensure(int more) {
        if (size + more > tape.length) {
            tape = Arrays.copyOf(tape, Math.max(tape.length * 2, size + more));
        }
    }
}
