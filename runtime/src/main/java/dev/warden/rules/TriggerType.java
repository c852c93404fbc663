package dev.warden.rules;

/** What can start a rule run. */
public enum TriggerType {
    CRON, EVERY, WEBHOOK, MANUAL;

    public String jsName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
