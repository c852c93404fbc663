package dev.warden.engine.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.math.BigInteger;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One pass over JSON text that checks it and notes where every value starts and ends (the "tape"), so that a value
 * can be read later without tokenizing its text again: an object's members are found by walking the tape, and only
 * the strings and numbers that someone reads are decoded.
 *
 * <p>The check is strict RFC 8259 plus the limits below, and it only ever says "certainly valid" or "not sure"
 * ({@link #scan} returns null): a text it is not sure of is handed to Jackson, which decides and names the line and
 * column of the fault. So it may refuse what Jackson takes, never the other way round ({@code JsonTapeTest} checks
 * that on generated and broken texts). Values read from the tape are what Jackson's untyped reading gives: {@link
 * LinkedHashMap}s (a repeated name keeps its first place and its last value), {@link ArrayList}s, strings, {@link
 * Integer}/{@link Long}/{@link BigInteger} by size, {@link Double}, booleans and null.
 *
 * <p>Layout: a container is {@code [kind, start, count, next]} ({@code next}: the tape index after its last child)
 * followed by its children (an object's as name, value, name, value...); any other value, and a member name, is
 * {@code [kind, start, end]} over the text (a string's between its quotes). Immutable once built.
 */
public final class JsonTape {

    public static final int OBJECT = 1;
    public static final int ARRAY = 2;
    static final int STRING = 3;
    static final int NAME = 4;
    static final int INTEGER = 5;
    static final int FLOAT = 6;
    static final int TRUE = 7;
    static final int FALSE = 8;
    static final int NULL = 9;
    /** Flag on a string or name whose text holds a backslash escape. */
    private static final int ESCAPED = 16;
    private static final int KIND = 15;

    /** Deeper texts are left to Jackson (whose own limit is 1,000), keeping the scan's recursion shallow. */
    private static final int MAX_DEPTH = 200;
    /** Jackson's limit on a number's length; a longer one is left to Jackson to refuse. */
    private static final int MAX_NUMBER_LENGTH = 1000;
    /** Below Jackson's limit on a name's length (50,000): a longer name is left to Jackson to refuse. */
    private static final int MAX_NAME_LENGTH = 10_000;
    /** Below Jackson's limit on a string's length (20,000,000): longer texts are left to Jackson. */
    private static final int MAX_TEXT = 1 << 24;

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

    private static final RuntimeException NOT_SURE = new RuntimeException("not sure", null, false, false) { };

    private final String text;
    private final int[] tape;

    private JsonTape(String text, int[] tape) {
        this.text = text;
        this.tape = tape;
    }

    /**
     * The tape of {@code text} when it is certainly one JSON object or array (surrounding white space allowed), else
     * null: not valid, too deep or long for this scan, or another kind of value.
     */
    public static JsonTape scan(String text) {
        if (text.length() > MAX_TEXT) {
            return null;
        }
        Scanner scanner = new Scanner(text);
        try {
            return new JsonTape(text, scanner.root());
        } catch (RuntimeException e) {
            if (e == NOT_SURE || e instanceof ArrayIndexOutOfBoundsException) { // ran off the end
                return null;
            }
            throw e;
        }
    }

    public String text() {
        return text;
    }

    /** The kind of the value at tape index {@code at} ({@link #OBJECT}, {@link #ARRAY} or a scalar kind). */
    public int kind(int at) {
        return tape[at] & KIND;
    }

    /** How many members (names and values counted once) or elements the container at {@code at} has. */
    public int count(int at) {
        return tape[at + 2];
    }

    /** The tape index of the container's first child. */
    public int first(int at) {
        return at + 4;
    }

    /** The tape index after the value (or name) at {@code at}. */
    public int next(int at) {
        int kind = kind(at);
        return kind == OBJECT || kind == ARRAY ? tape[at + 3] : at + 3;
    }

    /** The member name or string at {@code at}, with its escapes decoded. */
    public String string(int at) {
        int start = tape[at + 1];
        int end = tape[at + 2];
        return (tape[at] & ESCAPED) == 0 ? text.substring(start, end) : unescape(text, start, end);
    }

    /** The string, number, boolean or null at {@code at}, as Jackson reads it. */
    public Object scalar(int at) {
        return switch (kind(at)) {
            case STRING, NAME -> string(at);
            case INTEGER -> integer(text, tape[at + 1], tape[at + 2]);
            case FLOAT -> Double.parseDouble(text.substring(tape[at + 1], tape[at + 2]));
            case TRUE -> Boolean.TRUE;
            case FALSE -> Boolean.FALSE;
            case NULL -> null;
            default -> throw new IllegalArgumentException("not a scalar at " + at);
        };
    }

    /** The whole value at {@code at}, as Jackson's untyped reading builds it. */
    public Object value(int at) {
        int kind = kind(at);
        if (kind == OBJECT) {
            Map<String, Object> members = LinkedHashMap.newLinkedHashMap(count(at));
            for (int i = first(at); i < tape[at + 3]; ) {
                String name = string(i);
                i = next(i);
                members.put(name, value(i));
                i = next(i);
            }
            return members;
        }
        if (kind == ARRAY) {
            List<Object> items = new ArrayList<>(count(at));
            for (int i = first(at); i < tape[at + 3]; i = next(i)) {
                items.add(value(i));
            }
            return items;
        }
        return scalar(at);
    }

    /** Integer, Long or BigInteger, the smallest that holds it (as Jackson picks). */
    private static Object integer(String text, int start, int end) {
        int digits = end - start - (text.charAt(start) == '-' ? 1 : 0);
        if (digits <= 18) {
            long value = Long.parseLong(text, start, end, 10);
            if (value == (int) value) {
                return Integer.valueOf((int) value); // not in a ?: with a Long, which would widen it
            }
            return Long.valueOf(value);
        }
        BigInteger value = new BigInteger(text.substring(start, end));
        return value.bitLength() < 64 ? Long.valueOf(value.longValue()) : value;
    }

    private static String unescape(String text, int start, int end) {
        StringBuilder out = new StringBuilder(end - start);
        for (int i = start; i < end; i++) {
            char c = text.charAt(i);
            if (c != '\\') {
                out.append(c);
                continue;
            }
            char e = text.charAt(++i);
            switch (e) {
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'u' -> {
                    out.append((char) Integer.parseInt(text, i + 1, i + 5, 16));
                    i += 4;
                }
                default -> out.append(e); // '"', '\\' and '/'
            }
        }
        return out.toString();
    }

    /** Builds the tape; throws {@link #NOT_SURE} (or runs off the text's end) when it cannot vouch for the text. */
    private static final class Scanner {
        /**
         * The text a byte per char: the char itself below 128, another byte of 128 or more (as ISO-8859-1 gives it,
         * or {@code 0x80} for a char beyond it) that the scan treats as plain string content, like any char above
         * ASCII. Bytes so that a string's content is checked eight at a time ({@link #plainRun}).
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

        Scanner(String text) {
            this.s = asciiBytes(text);
            this.n = s.length;
            this.tape = new int[Math.max(64, n / 4)];
        }

        int[] root() {
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
                case '{' -> object();
                case '[' -> array();
                case '"' -> {
                    int start = i + 1;
                    int end = string();
                    add(STRING | (escaped ? ESCAPED : 0), start, end);
                }
                case 't' -> literal("true", TRUE);
                case 'f' -> literal("false", FALSE);
                case 'n' -> literal("null", NULL);
                default -> number();
            }
        }

        private void object() {
            int header = open(OBJECT);
            space();
            int count = 0;
            if (at(i) == '}') {
                i++;
            } else {
                while (true) {
                    if (at(i) != '"') {
                        throw NOT_SURE;
                    }
                    int start = i + 1;
                    int end = string();
                    if (surrogate || end - start > MAX_NAME_LENGTH) {
                        throw NOT_SURE; // Jackson checks the pairing of escaped surrogates in names (not in values)
                    }
                    add(NAME | (escaped ? ESCAPED : 0), start, end);
                    space();
                    if (at(i++) != ':') {
                        throw NOT_SURE;
                    }
                    space();
                    value();
                    count++;
                    space();
                    char c = at(i++);
                    if (c == '}') {
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

        private void array() {
            int header = open(ARRAY);
            space();
            int count = 0;
            if (at(i) == ']') {
                i++;
            } else {
                while (true) {
                    value();
                    count++;
                    space();
                    char c = at(i++);
                    if (c == ']') {
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
            if (i < n && at(i) == '.') {
                fraction = true;
                i++;
                requireDigits();
            }
            if (i < n && (at(i) == 'e' || at(i) == 'E')) {
                fraction = true;
                i++;
                if (at(i) == '+' || at(i) == '-') {
                    i++;
                }
                requireDigits();
            }
            if (i - start > MAX_NUMBER_LENGTH) {
                throw NOT_SURE;
            }
            add(fraction ? FLOAT : INTEGER, start, i);
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
}
