package dev.warden.engine;

import java.util.Map;

/**
 * One request to execute a rule. The {@code event} the rule receives is given either as JSON text, or as its members
 * but the body plus the body as {@link IndexedJson}, so that only what the rule reads of the body is parsed.
 *
 * @param runId the run's id, visible to the rule as {@code run.id}
 * @param eventJson the JSON text of the event; null when it is given by {@code eventHead} and {@code eventBody}
 * @param eventHead the event's members other than {@code body}, as JSON values in Java (strings, numbers, maps,
 *                  lists); the run takes it over and may change it
 * @param eventBody the event's {@code body}, or null for none
 */
public record RunInvocation(String runId, String eventJson, Map<String, Object> eventHead, IndexedJson eventBody) {

    public RunInvocation {
        if (eventJson != null && eventHead != null) {
            throw new IllegalArgumentException("the event is given either as JSON text or as head and body, not both");
        }
    }

    public RunInvocation(String runId, String eventJson) {
        this(runId, eventJson, null, null);
    }

    /** An event given as its members and a checked body. */
    public static RunInvocation of(String runId, Map<String, Object> eventHead, IndexedJson eventBody) {
        return new RunInvocation(runId, null, eventHead, eventBody);
    }
}
