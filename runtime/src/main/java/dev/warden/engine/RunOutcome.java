package dev.warden.engine;

import java.util.List;

import dev.warden.runs.RunStatus;

/**
 * What one execution of a rule produced.
 *
 * @param result the JSON text of the rule's return value ({@code null} when it returned nothing), on success
 * @param error why it failed, otherwise
 */
public record RunOutcome(RunStatus status, String result, RunError error, List<LogLine> logs) {
}
