package dev.warden.plugin;

/**
 * The run on whose behalf a {@link RuleFunction} is called.
 *
 * @param runId the run's id (a ULID)
 * @param ruleId the rule's id
 * @param log the run's own log: lines written here are stored with the run record
 */
public record RuleCall(String runId, String ruleId, RunLog log) {

    public RuleCall {
        log = log == null ? RunLog.NONE : log;
    }

    /** A call whose log lines go nowhere, for callers outside a run. */
    public RuleCall(String runId, String ruleId) {
        this(runId, ruleId, RunLog.NONE);
    }
}
