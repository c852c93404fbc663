package dev.warden.http;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import dev.warden.engine.IndexedJson;

/** The one JSON mapper of the HTTP API, and body parsing that reports where malformed JSON breaks. */
public final class Json {

    public static final ObjectMapper MAPPER = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private Json() {
    }

    /** Parses a request body; empty means null; malformed JSON is a 400 naming line and column. */
    public static JsonNode parseBody(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            // The same check as a webhook's body: a number beyond a double's range is refused, not made Infinity.
            IndexedJson.read(body);
            return MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw malformed(e);
        }
    }

    /**
     * {@link #parseBody} for a body that configures something (a key): a member named twice is a 400 naming it, not
     * the last one silently winning ({@code "rules": ["a"], ..., "rules": []} made a key for every rule).
     */
    public static JsonNode parseSettings(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            return MAPPER.reader().with(StreamReadFeature.STRICT_DUPLICATE_DETECTION).readTree(body);
        } catch (JsonProcessingException e) {
            throw malformed(e);
        }
    }

    /**
     * Checks that a body is one JSON value without building it (cheaper than {@link #parseBody} when only the text
     * is kept), indexing it for the runs (see {@link IndexedJson}); malformed JSON is the same 400 naming line
     * and column.
     */
    public static IndexedJson validate(String body) {
        return validate(body, null);
    }

    /** {@link #validate(String)} for a body decoded from {@code utf8}, the bytes as received (or null). */
    public static IndexedJson validate(String body, byte[] utf8) {
        try {
            return IndexedJson.read(body, utf8);
        } catch (JsonProcessingException e) {
            throw malformed(e);
        }
    }

    /** The 400 for a body that is not JSON, naming where it breaks. */
    private static ApiException malformed(JsonProcessingException e) {
        var at = e.getLocation();
        if (e instanceof IndexedJson.NumberOutOfRange) {
            return new ApiException(400, "NUMBER_OUT_OF_RANGE", "the request body has a number it cannot pass on"
                    + (at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr()) + ": "
                    + e.getOriginalMessage());
        }
        return new ApiException(400, "MALFORMED_JSON", "the request body is not valid JSON"
                + (at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr()) + ": "
                + e.getOriginalMessage());
    }

    public static Map<String, Object> error(String code, String message) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", code);
        error.put("message", message);
        return Map.of("error", error);
    }
}
