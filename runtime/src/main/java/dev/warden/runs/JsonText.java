package dev.warden.runs;

import java.util.Map;

import com.fasterxml.jackson.core.io.JsonStringEncoder;

/**
 * JSON written by hand for the few small objects every webhook request writes (its journal line's head, its headers):
 * a serializer per object cost more than the rest of building them (async-profiler, bench/webhooks-history.md).
 * Output is what Jackson writes for the same values; the tests read it back with Jackson.
 */
final class JsonText {

    private JsonText() {
    }

    /** A JSON string, or {@code null}. */
    static StringBuilder string(StringBuilder out, String text) {
        return text == null ? out.append("null")
                : out.append('"').append(JsonStringEncoder.getInstance().quoteAsString(text)).append('"');
    }

    /** A JSON object of string members, or {@code null}. */
    static StringBuilder object(StringBuilder out, Map<String, String> members) {
        if (members == null) {
            return out.append("null");
        }
        out.append('{');
        boolean first = true;
        for (Map.Entry<String, String> member : members.entrySet()) {
            string(first ? out : out.append(','), member.getKey()).append(':');
            string(out, member.getValue());
            first = false;
        }
        return out.append('}');
    }
}
