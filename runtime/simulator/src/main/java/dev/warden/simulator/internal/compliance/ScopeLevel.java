package dev.warden.simulator.internal.compliance;

import java.util.Locale;

/** A Compliance key's grant for one scope family; each level implies the ones below it. */
public enum ScopeLevel {
    NONE, READ, WRITE, MANAGE;

    public boolean implies(ScopeLevel needed) {
        return compareTo(needed) >= 0;
    }

    public static ScopeLevel parse(String name) {
        return name == null ? NONE : valueOf(name.trim().toUpperCase(Locale.ROOT));
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
