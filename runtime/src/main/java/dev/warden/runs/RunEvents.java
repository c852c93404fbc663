package dev.warden.runs;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

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
        String head = RunService.json(new TriggerEvent(event.type(), event.name(), event.firedAt(), null,
                event.headers(), event.query(), event.scheduledFor(), event.catchUp()));
        if (bodyJson == null || bodyJson.equals("null")) {
            return head;
        }
        return head.substring(0, head.length() - 1) + (head.length() > 2 ? "," : "") + "\"body\":" + bodyJson + "}";
    }

    /** The request's headers and query as JSON, or null when it had none. */
    static String meta(TriggerEvent event) {
        boolean headers = event.headers() != null && !event.headers().isEmpty();
        boolean query = event.query() != null && !event.query().isEmpty();
        if (!headers && !query) {
            return null;
        }
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("headers", event.headers());
        meta.put("query", event.query());
        return RunService.json(meta);
    }

    /** The event a stored QUEUED run was accepted with. */
    static TriggerEvent recovered(Run run, String metaJson) {
        JsonNode meta = RunInput.parse(metaJson);
        RunTrigger t = run.trigger();
        return new TriggerEvent(t.type(), t.name(), run.createdAt(), RunInput.parse(run.input()),
                map(meta, "headers"), map(meta, "query"), t.scheduledFor(), t.catchUp());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> map(JsonNode meta, String field) {
        if (meta == null || meta.get(field) == null || meta.get(field).isNull()) {
            return null;
        }
        return JSON.convertValue(meta.get(field), Map.class);
    }
}
