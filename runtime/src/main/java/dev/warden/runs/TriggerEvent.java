package dev.warden.runs;

import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * The {@code event} a rule receives: what fired, when, and for webhooks the request's body, selected headers and
 * query parameters.
 *
 * @param type manual, webhook, cron or every
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TriggerEvent(String type, String name, Instant firedAt, JsonNode body, Map<String, String> headers,
                           Map<String, String> query) {

    public static TriggerEvent manual(JsonNode body) {
        return new TriggerEvent("manual", null, Instant.now(), body, null, null);
    }
}
