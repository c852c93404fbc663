package dev.warden.compliance;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import dev.warden.plugin.RuleCallException;

/**
 * Checks that a 200 answer has the documented shape (an object with its identifying fields, or an array of them)
 * before fields are read from it, so a wrong shape is a BAD_RESPONSE instead of objects full of nulls.
 */
final class AnswerShape {

    private AnswerShape() {
    }

    /** An object in which every one of {@code fields} is a non-blank string or a number. */
    static JsonNode object(JsonNode json, String operation, String what, String... fields) {
        if (json == null || !json.isObject()) {
            throw bad(operation, "expected " + what + " (a JSON object) but got " + describe(json));
        }
        List<String> missing = missing(json, fields);
        if (!missing.isEmpty()) {
            throw bad(operation, "expected " + what + " but the object has no " + String.join(", ", missing)
                    + " (it has " + keys(json) + ")");
        }
        return json;
    }

    /** An array of objects, each with every one of {@code fields}. */
    static JsonNode array(JsonNode json, String operation, String what, String... fields) {
        if (json == null || !json.isArray()) {
            throw bad(operation, "expected a JSON array of " + what + " but got " + describe(json));
        }
        for (int i = 0; i < json.size(); i++) {
            JsonNode item = json.get(i);
            if (!item.isObject() || !missing(item, fields).isEmpty()) {
                throw bad(operation, "expected a JSON array of " + what + " but item " + i + " is " + describe(item)
                        + (item.isObject() ? " without " + String.join(", ", missing(item, fields)) : ""));
            }
        }
        return json;
    }

    static RuleCallException bad(String operation, String what) {
        return new RuleCallException(502, "BAD_RESPONSE", operation + ": the Compliance API's answer has the wrong "
                + "shape: " + what, "Check that " + ComplianceUrl.SETTING + " points at the Compliance for "
                + "Confluence API (e.g. " + ComplianceUrl.DEFAULT + ") and not at a proxy or another service.");
    }

    private static List<String> missing(JsonNode json, String... fields) {
        List<String> missing = new ArrayList<>();
        for (String field : fields) {
            JsonNode value = json.get(field);
            if (value == null || !(value.isTextual() && !value.asText().isBlank() || value.isNumber())) {
                missing.add(field);
            }
        }
        return missing;
    }

    private static String describe(JsonNode json) {
        if (json == null || json.isMissingNode() || json.isNull()) {
            return "nothing";
        }
        if (json.isObject()) {
            return "an object with " + keys(json);
        }
        if (json.isArray()) {
            return "an array of " + json.size() + " items";
        }
        return "a " + json.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    }

    private static String keys(JsonNode json) {
        List<String> keys = new ArrayList<>();
        Iterator<String> names = json.fieldNames();
        names.forEachRemaining(keys::add);
        return keys.isEmpty() ? "no keys" : "keys " + keys;
    }
}
