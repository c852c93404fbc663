package dev.warden.runs;

import java.io.IOException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.warden.engine.RuleResponse;
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
        if (json == null || json.length() <= MAX_CHARS) {
            return json;
        }
        // respond()'s choice keeps its status and its mark, and only its body becomes the stand-in: capped whole,
        // a waiting caller would get 200 and the mark Warden never shows.
        RuleResponse chosen = RuleResponse.of(json);
        if (chosen == null) {
            return TruncatedJson.capped(json, MAX_CHARS);
        }
        ObjectNode response = JSON.createObjectNode();
        response.put("__warden", "response");
        response.put("status", chosen.status());
        response.set("body", parse(TruncatedJson.capped(chosen.body().toString(), MAX_CHARS - 100)));
        return response.toString();
    }

    static JsonNode parse(String json) {
        try {
            return json == null ? null : JSON.readTree(json);
        } catch (IOException e) {
            return null;
        }
    }
}
