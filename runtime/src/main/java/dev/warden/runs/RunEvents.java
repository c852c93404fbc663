package dev.warden.runs;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import dev.warden.engine.IndexedJson;
import dev.warden.engine.RunInvocation;

/** How a {@link TriggerEvent} is kept with its runs and rebuilt after a restart. */
final class RunEvents {

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private RunEvents() {
    }

    /**
     * The event's JSON text, as the rule receives it, with the stored input as its body: spliced in as text rather
     * than serialized again, since it is already JSON (and up to megabytes).
     */
    static String json(TriggerEvent event, String bodyJson) {
        String head = RunService.json(head(event));
        if (bodyJson == null || bodyJson.equals("null")) {
            return head;
        }
        return head.substring(0, head.length() - 1) + (head.length() > 2 ? "," : "") + "\"body\":" + bodyJson + "}";
    }

    /**
     * What a worker hands the engine: the event's members as Java values and, when the request's body was indexed
     * as it arrived, that body, of which the rule then parses only what it reads; else the event's JSON text.
     */
    static RunInvocation invocation(String runId, TriggerEvent event, IndexedJson body, String bodyJson) {
        if (body == null) {
            return new RunInvocation(runId, json(event, bodyJson));
        }
        return RunInvocation.of(runId, head(event), body);
    }

    /**
     * The event's members but its body, as {@link #json} writes them (so also as its JSON text has them: this is
     * where both come from): nulls left out, instants as ISO-8601 text. A new map each time, its maps copies.
     */
    private static Map<String, Object> head(TriggerEvent event) {
        Map<String, Object> head = new LinkedHashMap<>();
        putIfSet(head, "type", event.type());
        putIfSet(head, "name", event.name());
        putIfSet(head, "firedAt", event.firedAt() == null ? null : event.firedAt().toString());
        putIfSet(head, "headers", event.headers() == null ? null : new LinkedHashMap<String, Object>(event.headers()));
        putIfSet(head, "query", event.query() == null ? null : new LinkedHashMap<String, Object>(event.query()));
        putIfSet(head, "scheduledFor", event.scheduledFor() == null ? null : event.scheduledFor().toString());
        putIfSet(head, "catchUp", event.catchUp());
        putIfSet(head, "replayOf", event.replayOf());
        return head;
    }

    private static void putIfSet(Map<String, Object> map, String key, Object value) {
        if (value != null) {
            map.put(key, value);
        }
    }

    /** The request's headers and query as JSON, or null when it had none. */
    static String meta(TriggerEvent event) {
        boolean headers = event.headers() != null && !event.headers().isEmpty();
        boolean query = event.query() != null && !event.query().isEmpty();
        if (!headers && !query) {
            return null;
        }
        StringBuilder meta = new StringBuilder(512).append("{\"headers\":");
        JsonText.object(meta, event.headers()).append(",\"query\":");
        return JsonText.object(meta, event.query()).append('}').toString();
    }

    /** The event a stored QUEUED run was accepted with. */
    static TriggerEvent recovered(Run run, String metaJson) {
        return event(run, metaJson, run.createdAt(), run.trigger().replayOf());
    }

    /**
     * The event of a replay of {@code past}: its event as it was (trigger, input, headers and query, the fire time a
     * scheduled run was for), fired now, naming the run it replays.
     */
    static TriggerEvent replay(Run past, String metaJson, Instant now) {
        return event(past, metaJson, now, past.id());
    }

    /** A stored run's event, from its trigger, input and request meta, fired at {@code firedAt}. */
    private static TriggerEvent event(Run run, String metaJson, Instant firedAt, String replayOf) {
        JsonNode meta = RunInput.parse(metaJson);
        RunTrigger t = run.trigger();
        return new TriggerEvent(t.type(), t.name(), firedAt, RunInput.parse(run.input()), map(meta, "headers"),
                map(meta, "query"), t.scheduledFor(), t.catchUp(), replayOf);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> map(JsonNode meta, String field) {
        if (meta == null || meta.get(field) == null || meta.get(field).isNull()) {
            return null;
        }
        return JSON.convertValue(meta.get(field), Map.class);
    }
}
