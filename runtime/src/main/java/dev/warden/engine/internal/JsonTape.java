package dev.warden.engine.internal;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One pass over JSON text that checks it and notes where every value starts and ends (the "tape"), so that a value
 * can be read later without tokenizing its text again: an object's members are found by walking the tape, and only
 * the strings and numbers that someone reads are decoded.
 *
 * <p>The check ({@link JsonScanner}) is strict RFC 8259 within Jackson's limits, and it only ever says "certainly valid" or "not sure"
 * ({@link #scan} returns null): a text it is not sure of is handed to Jackson, which decides and names the line and
 * column of the fault. So it may refuse what Jackson takes, never the other way round ({@code JsonTapeTest} checks
 * that on generated and broken texts). Values read from the tape are what Jackson's untyped reading gives: {@link
 * LinkedHashMap}s (a repeated name keeps its first place and its last value), {@link ArrayList}s, strings, {@link
 * Integer}/{@link Long}/{@link BigInteger} by size, {@link Double}, booleans and null.
 *
 * <p>Layout: a container is {@code [kind, start, count, next]} ({@code next}: the tape index after its last
 * child) followed by its children (an object's as name, value, name, value...); any other value, and a member name,
 * is {@code [kind, start, end]} over the text (a string's between its quotes). Immutable once built.
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
    static final int ESCAPED = 16;
    private static final int KIND = 15;

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
        return scan(text, null);
    }

    /**
     * {@link #scan(String)} for a text decoded from {@code utf8} (or null), read from those bytes instead of a
     * conversion of the text when they are as many as its chars. Then each byte decoded to one char (a sequence of
     * two or more bytes gives fewer chars, or one replacement char for the lot): a byte below 128 to itself, any
     * other to U+FFFD. The scan's places stay the text's char indexes, and a byte of 128 or more stands for a char
     * beyond ASCII, which is all the scan needs to know of it (see {@code JsonScanner.s}).
     */
    public static JsonTape scan(String text, byte[] utf8) {
        if (text.length() > JsonScanner.MAX_TEXT) {
            return null;
        }
        try {
            JsonScanner scanner = utf8 != null && utf8.length == text.length()
                    ? new JsonScanner(utf8) : new JsonScanner(text);
            return new JsonTape(text, scanner.tape());
        } catch (RuntimeException e) {
            if (e == JsonScanner.NOT_SURE || e instanceof ArrayIndexOutOfBoundsException) { // ran off the end
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
}
