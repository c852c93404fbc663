package dev.warden.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.warden.Echo;
import dev.warden.engine.internal.JsonTape;

/**
 * JSON text that was checked once, with where every value in it starts and ends ({@link JsonTape}), so that a
 * value inside it is read without parsing the text again. A webhook's body is read this way when it arrives (the
 * check a malformed body needs anyway), so that a run's {@code event.body} decodes only what the rule reads, on first
 * access, instead of the whole text on every run.
 *
 * <p>An instance is the whole text or one object or array inside it ({@link #member}). A text that is not an object
 * or array, or that the one-pass check cannot vouch for, is checked by Jackson instead and is then only read whole
 * ({@link #parse}). Immutable and thread-safe: the runs of one request share it.
 */
public final class IndexedJson {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonFactory FACTORY = JSON.getFactory();

    private final String text;
    /** Null when Jackson checked the text: not an object or array, or not one the tape's scan vouched for. */
    private final JsonTape tape;
    /** This value's place on the tape. */
    private final int at;
    /** An object's member names in the order they first appear; null when this is not an object. */
    private final String[] names;
    /** Where each member's value (for a repeated name, its last, as a parse keeps) or element is on the tape. */
    private final int[] values;

    private IndexedJson(String text, JsonTape tape, int at) {
        this.text = text;
        this.tape = tape;
        this.at = at;
        if (tape == null) {
            names = null;
            values = new int[0];
        } else if (tape.kind(at) == JsonTape.OBJECT) {
            int count = tape.count(at);
            String[] ns = new String[count];
            int[] vs = new int[count];
            Map<String, Integer> seen = count > 16 ? HashMap.newHashMap(count) : null;
            int k = 0;
            for (int i = tape.first(at), end = tape.next(at); i < end; ) {
                String name = tape.string(i);
                i = tape.next(i);
                int earlier = earlier(ns, k, seen, name);
                if (earlier >= 0) {
                    vs[earlier] = i;
                } else {
                    ns[k] = name;
                    vs[k++] = i;
                }
                i = tape.next(i);
            }
            names = k == count ? ns : Arrays.copyOf(ns, k);
            values = k == count ? vs : Arrays.copyOf(vs, k);
        } else {
            names = null;
            values = new int[tape.count(at)];
            for (int i = tape.first(at), k = 0, end = tape.next(at); i < end; i = tape.next(i)) {
                values[k++] = i;
            }
        }
    }

    /** Where {@code name} already is among the first {@code k} names, or -1 (noting it in {@code seen} if given). */
    private static int earlier(String[] names, int k, Map<String, Integer> seen, String name) {
        if (seen != null) {
            Integer at = seen.putIfAbsent(name, k);
            return at == null ? -1 : at;
        }
        for (int j = 0; j < k; j++) {
            if (names[j].equals(name)) {
                return j;
            }
        }
        return -1;
    }

    /**
     * Checks that {@code text} is exactly one JSON value and indexes it.
     *
     * @throws JsonProcessingException when it is not, with the location where it breaks
     */
    public static IndexedJson read(String text) throws JsonProcessingException {
        return read(text, null);
    }

    /**
     * {@link #read(String)} for a text decoded from {@code utf8} (a request body as received; or null), which
     * usually spares the check a conversion of the text back to bytes (see {@link JsonTape#scan(String, byte[])}).
     *
     * @throws JsonProcessingException when it is not one JSON value, with the location where it breaks
     */
    public static IndexedJson read(String text, byte[] utf8) throws JsonProcessingException {
        JsonTape tape = JsonTape.scan(text, utf8);
        if (tape == null) {
            check(text);
        }
        return new IndexedJson(text, tape, 0);
    }

    /** Whether {@code text} is exactly one JSON value. */
    public static boolean isOneValue(String text) {
        try {
            read(text);
            return true;
        } catch (JsonProcessingException e) {
            return false;
        }
    }

    /**
     * Jackson's check, for what the tape's scan did not vouch for: it names the line and column of a fault. A number
     * beyond a double's range is one ({@link NumberOutOfRange}): a rule would get Infinity for it, and its result
     * null, a silent change of the caller's data.
     */
    private static void check(String text) throws JsonProcessingException {
        try (JsonParser parser = FACTORY.createParser(text)) {
            if (parser.nextToken() == null) {
                throw new JsonParseException(parser, "no JSON value");
            }
            for (int depth = 0; ; ) {
                JsonToken token = parser.currentToken();
                if (token.isStructStart()) {
                    depth++;
                } else if (token.isStructEnd()) {
                    depth--;
                } else if (token.isNumeric()) {
                    requireInRange(parser);
                }
                if (depth == 0) {
                    break;
                }
                parser.nextToken();
            }
            if (parser.nextToken() != null) {
                throw new JsonParseException(parser, "more than one JSON value");
            }
        } catch (JsonProcessingException e) {
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void requireInRange(JsonParser parser) throws IOException {
        boolean big = parser.currentToken() == JsonToken.VALUE_NUMBER_FLOAT
                || parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER;
        if (big && Double.isInfinite(parser.getDoubleValue())) {
            throw new NumberOutOfRange(parser);
        }
    }

    /**
     * A number beyond what a double (a JavaScript number) holds, about ±1.8e308, at the location it starts. Kept
     * exactly as text it would still reach the rule as Infinity, so it is refused like malformed JSON.
     */
    public static final class NumberOutOfRange extends JsonParseException {

        private NumberOutOfRange(JsonParser parser) throws IOException {
            super(parser, "the number " + Echo.of(parser.getText()) + " is beyond the range of a JavaScript number "
                    + "(about ±1.8e308), so the rule would see Infinity; send it as a string",
                    parser.currentTokenLocation());
        }
    }

    /** The whole text this was read from (for a {@link #member}, its enclosing text). */
    public String text() {
        return text;
    }

    /** Whether this is a JSON object, whose members {@link #member} reads one at a time. */
    public boolean isObject() {
        return names != null;
    }

    /** Whether this is a JSON array, whose elements {@link #member} reads one at a time. */
    public boolean isArray() {
        return tape != null && names == null;
    }

    /** How many members (distinct names) or elements {@link #member} reads; 0 for a value only read whole. */
    public int size() {
        return values.length;
    }

    /** The object's {@code i}-th member name, in the order names first appear in the text. */
    public String name(int i) {
        return names[i];
    }

    /** The whole value, as Jackson reads JSON into Java: maps, lists, strings, numbers, booleans and null. */
    public Object parse() {
        if (tape != null) {
            return tape.value(at);
        }
        try {
            return JSON.readValue(text, Object.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("JSON that was checked no longer parses", e);
        }
    }

    /**
     * The object's {@code i}-th member value (its {@link #name}) or the array's {@code i}-th element: an
     * object or array as another {@code IndexedJson}, anything else as {@link #parse} would give it.
     */
    public Object member(int i) {
        int value = values[i];
        int kind = tape.kind(value);
        return kind == JsonTape.OBJECT || kind == JsonTape.ARRAY ? new IndexedJson(text, tape, value)
                : tape.scalar(value);
    }

    @Override
    public String toString() {
        return "IndexedJson" + (names == null ? "" : Arrays.toString(names)) + " of " + text.length() + " chars";
    }
}
