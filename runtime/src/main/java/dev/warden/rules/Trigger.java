package dev.warden.rules;

/**
 * One trigger of a rule as its author declared it. Only the fields of its {@link #type()} are set.
 *
 * @param name the webhook name ({@code WEBHOOK})
 * @param expression the Quartz cron expression ({@code CRON})
 * @param zone the IANA zone of a cron trigger, or null for the server's zone
 * @param interval the interval text such as {@code 15m} ({@code EVERY})
 */
public record Trigger(TriggerType type, String name, String expression, String zone, String interval,
                      String startAt, String endAt, SourceLocation site) {

    public static Trigger manual() {
        return new Trigger(TriggerType.MANUAL, null, null, null, null, null, null, null);
    }

    /** Whether Quartz fires this trigger (cron or every). */
    public boolean isScheduled() {
        return type == TriggerType.CRON || type == TriggerType.EVERY;
    }

    /** A short human description, e.g. {@code cron 0 0 8 ? * MON-FRI (Europe/Berlin)}. */
    public String describe() {
        return switch (type) {
            case CRON -> "cron " + expression + (zone == null ? "" : " (" + zone + ")");
            case EVERY -> "every " + interval;
            case WEBHOOK -> "webhook " + name;
            case MANUAL -> "manual";
        };
    }
}
