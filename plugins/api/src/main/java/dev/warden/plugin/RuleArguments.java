package dev.warden.plugin;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Reads a rule function's arguments and options, refusing wrong ones with a 400 {@code BAD_ARGUMENT} that names the
 * function ({@code notify.send}), the argument or option and what it takes; a misspelt option is refused with the
 * nearest one the function takes rather than ignored. An option that is absent or {@code null} takes its default.
 * Values are shown cut to 40 characters; {@link #object} and {@link #typeOf} name only the type, for options that may
 * hold secrets. Not thread-safe: one per call.
 */
public class RuleArguments {

    /** The longest id a rule may pass ({@link #id}): ids are short, and a longer one would only fill a URL or a log. */
    public static final int MAX_ID_LENGTH = 255;
    /** JavaScript numbers are exact up to 2^53: a larger "id" given as a number is not the id the rule meant. */
    private static final double MAX_EXACT = 9_007_199_254_740_992d;

    private final String function;
    private final List<Object> values;

    /** @param function the name rules call it by, e.g. {@code notify.send} */
    public RuleArguments(String function, List<Object> values) {
        this.function = function;
        this.values = values == null ? List.of() : values;
    }

    /** The argument at {@code index} as given, or null when absent. */
    public Object raw(int index) {
        return index < values.size() ? values.get(index) : null;
    }

    /** A required string; whole numbers are accepted, since rules often hold ids as numbers. */
    public String text(int index, String name) {
        String value = textOrNull(raw(index), name + " (argument " + (index + 1) + ")");
        if (value == null || value.isBlank()) {
            throw bad(name + " (argument " + (index + 1) + ") must be a non-empty string");
        }
        return value;
    }

    /** A required id: {@link #text(int, String)} of at most {@link #MAX_ID_LENGTH} characters. */
    public String id(int index, String name) {
        String value = text(index, name);
        if (value.length() > MAX_ID_LENGTH) {
            throw bad(name + " (argument " + (index + 1) + ") is " + value.length() + " characters long; an id is at "
                    + "most " + MAX_ID_LENGTH);
        }
        return value;
    }

    /**
     * The options object at {@code index}, empty when absent. A name it does not take is refused with the nearest
     * one it does: a misspelt option silently ignored would leave its default in force unseen.
     */
    public Map<String, Object> options(int index, String... takes) {
        return options(index, List.of(takes), "");
    }

    /** {@link #options(int, String...)}, with {@code whose} ({@code "channel 'ops' (slack) "}) before "takes". */
    @SuppressWarnings("unchecked")
    public Map<String, Object> options(int index, Collection<String> takes, String whose) {
        Object value = raw(index);
        if (value == null) {
            return Map.of();
        }
        if (!(value instanceof Map<?, ?>)) {
            throw bad("argument " + (index + 1) + " must be an options object, not " + shown(value));
        }
        names((Map<?, ?>) value, takes, whose);
        return (Map<String, Object>) value;
    }

    /**
     * Refuses a name of {@code options} that is not among {@code takes}, naming the nearest one; {@code whose}
     * ({@code "channel 'ops' (slack) "}, or empty) goes before "takes".
     */
    public void names(Map<?, ?> options, Collection<String> takes, String whose) {
        List<String> known = List.copyOf(takes);
        for (Object key : options.keySet()) {
            String name = String.valueOf(key);
            if (!known.contains(name)) {
                String near = NearestName.of(name, known, Math.min(3, Math.max(2, name.length() / 3)));
                throw bad((whose.isEmpty() ? "it " : whose) + "takes no option '" + cut(name) + "'"
                        + (near == null ? "" : " (did you mean " + near + "?)") + "; " + (known.isEmpty()
                        ? "it takes none" : "its options are " + String.join(", ", known)));
            }
        }
    }

    /** An option that is a string (or a whole number, for ids), or null when absent. */
    public String text(Map<String, Object> options, String key) {
        return textOrNull(options.get(key), key);
    }

    /** A required option that is a non-empty string (or a whole number). */
    public String requiredText(Map<String, Object> options, String key) {
        String value = text(options, key);
        if (value == null || value.isBlank()) {
            throw bad(key + " must be a non-empty string");
        }
        return value;
    }

    /** An option that is a whole number from {@code lowest} to {@code highest}, or the fallback when absent. */
    public int whole(Map<String, Object> options, String key, int lowest, int highest, int fallback) {
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

    /** An option that is true or false, false when absent. */
    public boolean flag(Map<String, Object> options, String key) {
        Object value = options.get(key);
        if (value != null && !(value instanceof Boolean)) {
            throw bad(key + " must be true or false, not " + shown(value));
        }
        return Boolean.TRUE.equals(value);
    }

    /** An option that is an object, empty when absent; the error names the type given, not its value (headers). */
    public Map<?, ?> object(Map<String, Object> options, String key) {
        Object value = options.get(key);
        if (value != null && !(value instanceof Map<?, ?>)) {
            throw bad(key + " must be an object, not " + typeOf(value));
        }
        return value == null ? Map.of() : (Map<?, ?>) value;
    }

    /** A {@code BAD_ARGUMENT} refusal: {@code "<function>: <message>"}. */
    public RuleCallException bad(String message) {
        return new RuleCallException(400, "BAD_ARGUMENT", function + ": " + message);
    }

    private String textOrNull(Object value, String name) {
        if (value == null || value instanceof String) {
            return (String) value;
        }
        if (value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
            if (Math.abs(n.doubleValue()) > MAX_EXACT) {
                throw bad(name + " must be a string: " + shown(value) + " is beyond the whole numbers JavaScript "
                        + "holds exactly (2^53), so give an id this long as a string");
            }
            return String.valueOf(n.longValue());
        }
        throw bad(name + " must be a string, not " + shown(value));
    }

    /** The type of a JSON-like value in words ({@code "an array"}), for errors that must not show the value. */
    public static String typeOf(Object value) {
        return value == null ? "null" : value instanceof Map<?, ?> ? "an object" : value instanceof List<?>
                ? "an array" : value instanceof String ? "a string" : value instanceof Boolean ? "a boolean"
                : value instanceof Number ? "a number" : "a " + value.getClass().getSimpleName();
    }

    /** The value as the rule wrote it (JSON), cut short: an error names what was given, not a whole page body. */
    public static String shown(Object value) {
        StringBuilder out = new StringBuilder();
        json(value, out);
        return cut(out.toString());
    }

    /** At most 40 characters of {@code text}: an error names what was given, not all of it. */
    public static String cut(String text) {
        return text.length() > 40 ? text.substring(0, 37) + "..." : text;
    }

    /** Writes JSON as Jackson would, stopping once past what {@link #cut} keeps (a huge value costs nothing). */
    private static void json(Object value, StringBuilder out) {
        if (out.length() > 41) {
            return;
        }
        if (value == null) {
            out.append("null");
        } else if (value instanceof String s) {
            out.append('"');
            for (int i = 0; i < s.length() && out.length() <= 41; i++) {
                char c = s.charAt(i);
                switch (c) {
                    case '"' -> out.append("\\\"");
                    case '\\' -> out.append("\\\\");
                    case '\n' -> out.append("\\n");
                    case '\r' -> out.append("\\r");
                    case '\t' -> out.append("\\t");
                    case '\b' -> out.append("\\b");
                    case '\f' -> out.append("\\f");
                    default -> {
                        if (c < 0x20) {
                            out.append(String.format("\\u%04X", (int) c));
                        } else {
                            out.append(c);
                        }
                    }
                }
            }
            out.append('"');
        } else if (value instanceof Map<?, ?> map) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (out.length() > 41) {
                    break;
                }
                out.append(first ? "" : ",");
                first = false;
                json(String.valueOf(e.getKey()), out);
                out.append(':');
                json(e.getValue(), out);
            }
            out.append('}');
        } else if (value instanceof List<?> list) {
            out.append('[');
            for (int i = 0; i < list.size() && out.length() <= 41; i++) {
                out.append(i == 0 ? "" : ",");
                json(list.get(i), out);
            }
            out.append(']');
        } else {
            out.append(value);
        }
    }
}
