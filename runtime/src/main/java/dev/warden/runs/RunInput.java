package dev.warden.runs;

import java.io.IOException;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Caps what a run record keeps of its input and result, so one huge payload cannot bloat the store. */
final class RunInput {

    static final int MAX_CHARS = 64 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    private RunInput() {
    }

    /** The JSON text itself when small enough, else a valid JSON stand-in saying how big it was. */
    static String capped(String json) {
        if (json == null || json.length() <= MAX_CHARS) {
            return json;
        }
        return RunService.json(Map.of("truncated", true, "chars", json.length(),
                "preview", json.substring(0, 1024)));
    }

    static String cappedResult(String json) {
        return capped(json);
    }

    static JsonNode parse(String json) {
        try {
            return json == null ? null : JSON.readTree(json);
        } catch (IOException e) {
            return null;
        }
    }
}
