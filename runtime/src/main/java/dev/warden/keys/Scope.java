package dev.warden.keys;

import java.util.Arrays;
import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonValue;

/** What an API key may do. {@link #ADMIN} implies every other scope. */
public enum Scope {
    RULES_READ("rules:read"),
    RULES_RUN("rules:run"),
    RUNS_READ("runs:read"),
    WEBHOOKS_TRIGGER("webhooks:trigger"),
    LEASES_MANAGE("leases:manage"),
    KEYS_MANAGE("keys:manage"),
    ADMIN("admin");

    private final String id;

    Scope(String id) {
        this.id = id;
    }

    @JsonValue
    public String id() {
        return id;
    }

    /** @throws IllegalArgumentException naming the valid scopes */
    public static Scope parse(String text) {
        String wanted = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(s -> s.id.equals(wanted)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown scope '" + text + "'; scopes are "
                        + String.join(", ", Arrays.stream(values()).map(Scope::id).toList())));
    }

    @Override
    public String toString() {
        return id;
    }
}
