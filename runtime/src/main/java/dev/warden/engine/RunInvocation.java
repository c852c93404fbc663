package dev.warden.engine;

/**
 * One request to execute a rule.
 *
 * @param runId the run's id, visible to the rule as {@code run.id}
 * @param eventJson the JSON text of the {@code event} the rule receives
 */
public record RunInvocation(String runId, String eventJson) {
}
