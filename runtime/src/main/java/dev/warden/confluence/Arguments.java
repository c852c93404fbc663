package dev.warden.confluence;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;

import dev.warden.config.NearestName;
import dev.warden.plugin.RuleCallException;

/**
 * Reads a rule's arguments and options, refusing wrong ones with a 400 {@code BAD_ARGUMENT} that names the
 * function, the argument and what it takes. An option that is absent or {@code null} takes its default.
 */
final class Arguments {

    static final int MAX_ITEMS = 10_000;
    static final int MAX_PAGE_SIZE = 250;

    private final String function;
    private final List<Object> values;

    Arguments(String function, List<Object> values) {
        this.function = function;
        this.values = values;
    }

    /** A required string; numbers are accepted for ids, since rules often hold them as numbers. */
    String text(int index, String name) {
        String value = textOrNull(raw(index), name + " (argument " + (index + 1) + ")");
        if (value == null || value.isBlank()) {
            throw bad(name + " (argument " + (index + 1) + ") must be a non-empty string");
        }
        return value;
    }

    /**
     * The options object at {@code index}, empty when absent. A name it does not take is refused with the nearest
     * one it does: a misspelt option ({@code maxx}) silently ignored would leave its default in force unseen.
     */
    @SuppressWarnings("unchecked")
    Map<String, Object> options(int index, String... takes) {
        Object value = raw(index);
        if (value == null) {
            return Map.of();
        }
        if (!(value instanceof Map<?, ?>)) {
            throw bad("argument " + (index + 1) + " must be an options object, not " + shown(value));
        }
        List<String> known = List.of(takes);
        for (Object key : ((Map<?, ?>) value).keySet()) {
            String name = String.valueOf(key);
            if (!known.contains(name)) {
                String near = NearestName.of(name, known, Math.min(3, Math.max(2, name.length() / 3)));
                throw bad("it takes no option '" + cut(name)
                        + "'" + (near == null ? "" : " (did you mean " + near + "?)") + "; its options are "
                        + String.join(", ", known));
            }
        }
        return (Map<String, Object>) value;
    }

    Object raw(int index) {
        return index < values.size() ? values.get(index) : null;
    }

    /** An option that is a string (or a whole number, for ids), or null when absent. */
    String text(Map<String, Object> options, String key) {
        return textOrNull(options.get(key), key);
    }

    /** A required option that is a non-empty string (or a whole number). */
    String requiredText(Map<String, Object> options, String key) {
        String value = text(options, key);
        if (value == null || value.isBlank()) {
            throw bad(key + " must be a non-empty string");
        }
        return value;
    }

    /** An option that is a whole number from {@code lowest} to {@code highest}, or the fallback when absent. */
    int whole(Map<String, Object> options, String key, int lowest, int highest, int fallback) {
        Object value = options.get(key);
        if (value == null) {
            return fallback;
        }
        double number = value instanceof Number n ? n.doubleValue() : Double.NaN;
        if (number != Math.rint(number) || number < lowest || number > highest) {
            throw bad(key + " must be a whole number from " + lowest + " to " + highest + ", not " + shown(value));
        }
        return (int) number;
    }

    /** How many items a list returns at most ({@code max}: 1 to 10,000). */
    int max(Map<String, Object> options, int fallback) {
        return whole(options, "max", 1, MAX_ITEMS, fallback);
    }

    /** Items per request while paging ({@code pageSize}: 1 to 250), 250 unless the rule asks for fewer. */
    int pageSize(Map<String, Object> options) {
        return whole(options, "pageSize", 1, MAX_PAGE_SIZE, MAX_PAGE_SIZE);
    }

    /** An option that is true or false, false when absent. */
    boolean flag(Map<String, Object> options, String key) {
        Object value = options.get(key);
        if (value != null && !(value instanceof Boolean)) {
            throw bad(key + " must be true or false, not " + shown(value));
        }
        return Boolean.TRUE.equals(value);
    }

    /** An option that is an object, empty when absent; the error names the type given, not its value (headers). */
    Map<?, ?> object(Map<String, Object> options, String key) {
        Object value = options.get(key);
        if (value != null && !(value instanceof Map<?, ?>)) {
            throw bad(key + " must be an object, not " + (value instanceof List<?> ? "an array"
                    : value instanceof String ? "a string" : value instanceof Boolean ? "a boolean" : "a number"));
        }
        return value == null ? Map.of() : (Map<?, ?>) value;
    }

    RuleCallException bad(String message) {
        return new RuleCallException(400, "BAD_ARGUMENT", "confluence." + function + ": " + message);
    }

    private String textOrNull(Object value, String name) {
        if (value == null || value instanceof String) {
            return (String) value;
        }
        if (value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
            return String.valueOf(n.longValue());
        }
        throw bad(name + " must be a string, not " + shown(value));
    }

    /** The value as the rule wrote it (JSON), cut short: an error names what was given, not a whole page body. */
    static String shown(Object value) {
        String json;
        try {
            json = ConfluenceClient.JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            json = String.valueOf(value);
        }
        return cut(json);
    }

    /** At most 40 characters of {@code text}: an error names what was given, not all of it. */
    private static String cut(String text) {
        return text.length() > 40 ? text.substring(0, 37) + "..." : text;
    }
}
