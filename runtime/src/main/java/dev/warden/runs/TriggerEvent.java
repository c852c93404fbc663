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
 * @param scheduledFor cron and every: the fire time this run is for
 * @param catchUp cron and every: whether the run catches up fires missed while Warden was down
 * @param replayOf a replay: the id of the run whose event this one repeats
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TriggerEvent(String type, String name, Instant firedAt, JsonNode body, Map<String, String> headers,
                           Map<String, String> query, Instant scheduledFor, Boolean catchUp, String replayOf) {

    public TriggerEvent(String type, String name, Instant firedAt, JsonNode body, Map<String, String> headers,
                        Map<String, String> query, Instant scheduledFor, Boolean catchUp) {
        this(type, name, firedAt, body, headers, query, scheduledFor, catchUp, null);
    }

    public TriggerEvent(String type, String name, Instant firedAt, JsonNode body, Map<String, String> headers,
                        Map<String, String> query) {
        this(type, name, firedAt, body, headers, query, null, null);
    }

    public static TriggerEvent manual(JsonNode body) {
        return new TriggerEvent("manual", null, Instant.now(), body, null, null);
    }

    /** A fire of a cron or every trigger; {@code name} describes the trigger. */
    public static TriggerEvent scheduled(String type, String name, Instant firedAt, Instant scheduledFor,
                                         boolean catchUp) {
        return new TriggerEvent(type, name, firedAt, null, null, null, scheduledFor, catchUp);
    }

    /** What the run record keeps of this event's trigger. */
    public RunTrigger trigger() {
        return new RunTrigger(type, name, scheduledFor, catchUp, replayOf);
    }
}
