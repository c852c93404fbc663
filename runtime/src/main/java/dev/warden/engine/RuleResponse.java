package dev.warden.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;

/**
 * The HTTP status and body a rule chose with {@code respond()}. A run's result is stored as respond() made it,
 * {@code {"__warden":"response","status","body"}}, so that a retried wait-mode request is answered the same; the
 * mark is never shown: the API, the webhook's answers and {@code warden run} show the body as the result and the
 * status beside it.
 */
public record RuleResponse(int status, JsonNode body) {

    private static final String MARK = "\"__warden\":\"response\"";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The choice in a run's result JSON, or null when the result is plain data (or there is none). */
    public static RuleResponse of(String result) {
        if (result == null || !result.contains(MARK)) {
            return null;
        }
        JsonNode response;
        try {
            response = JSON.readTree(result);
        } catch (JsonProcessingException e) {
            return null;
        }
        if (response == null || !"response".equals(response.path("__warden").asText())) {
            return null;
        }
        int status = response.path("status").asInt(200);
        JsonNode body = response.get("body");
        return new RuleResponse(status >= 200 && status <= 599 ? status : 500, body == null ? NullNode.instance : body);
    }
}
