package dev.warden.confluence;

import java.util.List;
import java.util.Map;

import dev.warden.plugin.RuleCallException;

/** Reads a rule's arguments, refusing wrong ones with a 400 that says which argument and what it should be. */
final class Arguments {

    private final String function;
    private final List<Object> values;

    Arguments(String function, List<Object> values) {
        this.function = function;
        this.values = values;
    }

    /** A required string; numbers are accepted for ids, since rules often hold them as numbers. */
    String text(int index, String name) {
        String value = optionalText(index);
        if (value == null || value.isBlank()) {
            throw bad(name + " (argument " + (index + 1) + ") must be a non-empty string");
        }
        return value;
    }

    String optionalText(int index) {
        Object value = index < values.size() ? values.get(index) : null;
        if (value instanceof Number n) {
            return String.valueOf(n.longValue());
        }
        if (value != null && !(value instanceof String)) {
            throw bad("argument " + (index + 1) + " must be a string");
        }
        return (String) value;
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> options(int index) {
        Object value = index < values.size() ? values.get(index) : null;
        if (value == null) {
            return Map.of();
        }
        if (!(value instanceof Map<?, ?>)) {
            throw bad("argument " + (index + 1) + " must be an options object");
        }
        return (Map<String, Object>) value;
    }

    Object raw(int index) {
        return index < values.size() ? values.get(index) : null;
    }

    static String text(Map<String, Object> options, String key) {
        Object value = options.get(key);
        return value == null ? null : value instanceof Number n ? String.valueOf(n.longValue()) : String.valueOf(value);
    }

    static int max(Map<String, Object> options, int fallback) {
        Object value = options.get("max");
        return value instanceof Number n ? Math.max(1, Math.min(10_000, n.intValue())) : fallback;
    }

    /** Items per request while paging ({@code pageSize}), 250 unless the rule asks for fewer. */
    static int pageSize(Map<String, Object> options) {
        Object value = options.get("pageSize");
        return value instanceof Number n ? Math.max(1, Math.min(250, n.intValue())) : 250;
    }

    RuleCallException bad(String message) {
        return new RuleCallException(400, "BAD_ARGUMENT", "confluence." + function + ": " + message);
    }
}
