package dev.warden.runs;

import java.io.IOException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.warden.engine.TruncatedJson;

/** Caps what a run record keeps of its result, so one huge result cannot bloat the store; parses stored JSON. */
final class RunInput {

    static final int MAX_CHARS = 64 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    private RunInput() {
    }

    /**
     * A run's result as stored: the JSON text itself when small enough, else a valid JSON stand-in saying how big it
     * was. Inputs are kept whole: a queued run starts from its stored input after a restart.
     */
    static String cappedResult(String json) {
        return TruncatedJson.capped(json, MAX_CHARS);
    }

    static JsonNode parse(String json) {
        try {
            return json == null ? null : JSON.readTree(json);
        } catch (IOException e) {
            return null;
        }
    }
}
