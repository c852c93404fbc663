package dev.warden.plugin;

/**
 * The run on whose behalf a {@link RuleFunction} is called.
 *
 * @param runId the run's id (a ULID)
 * @param ruleId the rule's id
 */
public record RuleCall(String runId, String ruleId) {
}
