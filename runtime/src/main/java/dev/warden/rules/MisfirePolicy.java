package dev.warden.rules;

import java.util.Arrays;
import java.util.Locale;

/** What a schedule does about fires it missed (Warden was down, or too busy to fire on time). */
public enum MisfirePolicy {
    /** Run once as a catch-up, however many fires were missed. */
    RUN_ONCE,
    /** Run nothing until the next fire time. */
    SKIP;

    /** The name rule files use: {@code run-once} or {@code skip}. */
    public String jsName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** @return the policy, or null when the text names none */
    public static MisfirePolicy of(String jsName) {
        return Arrays.stream(values()).filter(p -> p.jsName().equals(jsName)).findFirst().orElse(null);
    }
}
