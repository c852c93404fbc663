package dev.warden.simulator.internal.search;

import java.util.List;

/** A clause's right-hand side: a literal, or a function call such as {@code now("-7d")}. */
record CqlValue(String text, String function, List<String> arguments) {

    static CqlValue literal(String text) {
        return new CqlValue(text, null, List.of());
    }

    boolean isFunction() {
        return function != null;
    }
}
