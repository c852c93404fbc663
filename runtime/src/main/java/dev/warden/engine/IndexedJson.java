package dev.warden.engine;

import java.io.IOException;
import java.io.PushbackReader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * JSON text that was checked once, and, when it is an object, where each of its members' values starts. A webhook's
 * body is read this way when it arrives (the check a malformed body needs anyway), so that a run's {@code
 * event.body} parses only the members the rule reads, each on first access, instead of the whole text on every run.
 * Immutable and thread-safe: the runs of one request share it.
 */
public final class IndexedJson {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonFactory FACTORY = JSON.getFactory();

    private final String text;
    /** Member names in the order they first appear; null when the text is not an object. */
    private final String[] names;
    /** Where each member's value starts in {@code text}: for a repeated name, its last value (as a parse keeps). */
    private final int[] starts;

    private IndexedJson(String text, String[] names, int[] starts) {
        this.text = text;
        this.names = names;
        this.starts = starts;
    }

    /**
     * Checks that {@code text} is exactly one JSON value and notes where its members start.
     *
     * @throws JsonProcessingException when it is not, with the location where it breaks
     */
    public static IndexedJson read(String text) throws JsonProcessingException {
        try (JsonParser parser = FACTORY.createParser(text)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw new JsonParseException(parser, "no JSON value");
            }
            String[] names = null;
            int[] starts = null;
            if (first == JsonToken.START_OBJECT) {
                Map<String, Integer> index = new LinkedHashMap<>();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    parser.nextToken();
                    index.put(name, Math.toIntExact(parser.currentTokenLocation().getCharOffset()));
                    parser.skipChildren();
                }
                names = index.keySet().toArray(String[]::new);
                starts = index.values().stream().mapToInt(Integer::intValue).toArray();
            } else {
                parser.skipChildren();
            }
            if (parser.nextToken() != null) {
                throw new JsonParseException(parser, "more than one JSON value");
            }
            return new IndexedJson(text, names, starts);
        } catch (JsonProcessingException e) {
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String text() {
        return text;
    }

    /** Whether the text is a JSON object, whose members {@link #member} reads one at a time. */
    public boolean isObject() {
        return names != null;
    }

    /** The object's member names, in the order of the text; empty when it is not an object. */
    public String[] names() {
        return names == null ? new String[0] : names.clone();
    }

    /** The whole value, as Jackson reads JSON into Java: maps, lists, strings, numbers, booleans and null. */
    public Object parse() {
        try {
            return JSON.readValue(text, Object.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("JSON that was checked no longer parses", e);
        }
    }

    /** The value of the object's {@code i}-th member (in {@link #names} order), read as {@link #parse} would. */
    public Object member(int i) {
        // Read as the first element of an array that starts there: a number alone would be a root-level value,
        // which Jackson wants followed by a space, not by the comma or brace that follows a member.
        try (PushbackReader reader = new PushbackReader(new StringReader(text), 1)) {
            reader.skip(starts[i]);
            reader.unread('[');
            try (JsonParser parser = FACTORY.createParser(reader)) {
                parser.nextToken();
                parser.nextToken();
                return JSON.readValue(parser, Object.class);
            }
        } catch (IOException e) {
            throw new IllegalStateException("JSON that was checked no longer parses", e);
        }
    }

    @Override
    public String toString() {
        return "IndexedJson" + (names == null ? "" : Arrays.toString(names)) + " of " + text.length() + " chars";
    }
}
