package dev.warden.rules;

import java.time.Duration;
import java.util.List;

/**
 * A validated rule: what its file declared, minus the code. Immutable.
 *
 * @param file the rule file's path relative to the rules folder
 * @param fileVersion a short content hash of the file, recorded with every run
 * @param adminKeyMinutes the admin-key minutes the rule declared, or null when it needs no admin key
 * @param site where {@code rule(...)} was called
 * @param misfire what its schedules do about missed fires
 * @param concurrency what a scheduled fire does while an earlier run of the rule has not ended
 */
public record RuleDefinition(String id, String description, String file, String fileVersion, List<Trigger> triggers,
                             Integer adminKeyMinutes, Duration timeout, SourceLocation site, MisfirePolicy misfire,
                             ConcurrencyPolicy concurrency) {

    /** A rule with the default policies: missed fires run once, scheduled fires skip while a run is in progress. */
    public RuleDefinition(String id, String description, String file, String fileVersion, List<Trigger> triggers,
                          Integer adminKeyMinutes, Duration timeout, SourceLocation site) {
        this(id, description, file, fileVersion, triggers, adminKeyMinutes, timeout, site, MisfirePolicy.RUN_ONCE,
                ConcurrencyPolicy.SKIP);
    }

    /** Whether a cron or every trigger starts this rule. */
    public boolean isScheduled() {
        return triggers.stream().anyMatch(Trigger::isScheduled);
    }

    public boolean hasTrigger(TriggerType type) {
        return triggers.stream().anyMatch(t -> t.type() == type);
    }

    public boolean listensTo(String webhookName) {
        return triggers.stream().anyMatch(t -> t.type() == TriggerType.WEBHOOK && t.name().equals(webhookName));
    }
}
