package dev.warden.rules;

import java.util.Arrays;
import java.util.Locale;

/** What a scheduled fire does while a run of the same rule is still queued or running. */
public enum ConcurrencyPolicy {
    /** Start another run anyway. */
    ALLOW,
    /** Record the fire as SKIPPED and start nothing (the default for schedules). */
    SKIP,
    /** Wait until the earlier run has ended, then run. */
    QUEUE;

    /** The name rule files use: {@code allow}, {@code skip} or {@code queue}. */
    public String jsName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @return the policy, or null when the text names none */
    public static ConcurrencyPolicy of(String jsName) {
        return Arrays.stream(values()).filter(p -> p.jsName().equals(jsName)).findFirst().orElse(null);
    }
}
