package dev.warden.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import dev.warden.testing.TestWarden;

/**
 * Checks a JSON value against a schema of the OpenAPI document: the part of JSON Schema the document uses
 * ({@code $ref} into the document, {@code type} or a type array with {@code "null"}, {@code required},
 * {@code properties}, {@code items}, {@code enum}, {@code anyOf}, {@code format: date-time}). Stricter than JSON
 * Schema in one way: an object's field that its schema's {@code properties} do not name is a problem unless the
 * schema has {@code additionalProperties}, so an answer cannot grow a field the document does not tell of. A keyword
 * it does not know is a problem too, so that no part of a schema goes unchecked.
 */
public final class SchemaCheck {

    private static final Set<String> KNOWN = Set.of("$ref", "type", "required", "properties", "items", "enum",
            "anyOf", "format", "description", "additionalProperties");

    private final JsonNode document;

    /** @param document the OpenAPI document, which {@code $ref}s point into */
    public SchemaCheck(JsonNode document) {
        this.document = document;
    }

    /**
     * Asserts the answer's status, that the document lists it for the route, and that the body fits the schema the
     * document gives for them; returns the body.
     */
    public JsonNode conforms(String method, String route, HttpResponse<String> answer, int status) {
        assertThat(answer.statusCode()).as(method + " " + route + ": " + answer.body()).isEqualTo(status);
        JsonNode response = document.path("paths").path(route).path(method.toLowerCase(Locale.ROOT))
                .path("responses").path(Integer.toString(status));
        assertThat(response.isMissingNode()).as(method + " " + route + " documents " + status).isFalse();
        JsonNode schema = response.at("/content/application~1json/schema");
        assertThat(schema.isMissingNode()).as(method + " " + route + " " + status + " has a schema").isFalse();
        JsonNode body = TestWarden.json(answer);
        assertThat(problems(body, schema)).as(method + " " + route + " " + status + ": " + answer.body()).isEmpty();
        return body;
    }

    /** Each way {@code value} breaks {@code schema}, naming where ({@code $.runs[0].status}); empty when none. */
    public List<String> problems(JsonNode value, JsonNode schema) {
        List<String> out = new ArrayList<>();
        check(value, schema, "$", out);
        return out;
    }

    private void check(JsonNode value, JsonNode schema, String at, List<String> out) {
        schema.fieldNames().forEachRemaining(keyword -> {
            if (!KNOWN.contains(keyword)) {
                out.add(at + ": the schema uses '" + keyword + "', which this check does not know");
            }
        });
        if (schema.has("$ref")) {
            String ref = schema.get("$ref").asText();
            JsonNode target = ref.startsWith("#") ? document.at(ref.substring(1)) : null;
            if (target == null || target.isMissingNode()) {
                out.add(at + ": $ref " + ref + " names nothing in the document");
            } else {
                check(value, target, at, out);
            }
        }
        if (schema.has("type") && !typeMatches(value, schema.get("type"))) {
            out.add(at + ": " + kind(value) + " where the schema says " + schema.get("type"));
            return;
        }
        if (schema.has("enum") && !contains(schema.get("enum"), value)) {
            out.add(at + ": " + value + " is not one of " + schema.get("enum"));
        }
        if (schema.path("format").asText().equals("date-time") && value.isTextual()) {
            try {
                OffsetDateTime.parse(value.asText());
            } catch (DateTimeParseException e) {
                out.add(at + ": '" + value.asText() + "' is not a date-time");
            }
        }
        if (schema.has("anyOf")) {
            List<String> each = new ArrayList<>();
            for (JsonNode option : schema.get("anyOf")) {
                List<String> problems = problems(value, option);
                if (problems.isEmpty()) {
                    each = null;
                    break;
                }
                each.addAll(problems);
            }
            if (each != null) {
                out.add(at + ": matches none of anyOf: " + each);
            }
        }
        if (value.isObject()) {
            checkObject(value, schema, at, out);
        }
        if (value.isArray() && schema.has("items")) {
            for (int i = 0; i < value.size(); i++) {
                check(value.get(i), schema.get("items"), at + "[" + i + "]", out);
            }
        }
    }

    private void checkObject(JsonNode value, JsonNode schema, String at, List<String> out) {
        for (JsonNode name : schema.path("required")) {
            if (!value.has(name.asText())) {
                out.add(at + ": lacks the required field '" + name.asText() + "'");
            }
        }
        JsonNode properties = schema.get("properties");
        if (properties == null) {
            return;
        }
        value.properties().forEach(field -> {
            JsonNode property = properties.get(field.getKey());
            if (property != null) {
                check(field.getValue(), property, at + "." + field.getKey(), out);
            } else if (!schema.has("additionalProperties")) {
                out.add(at + ": has the field '" + field.getKey() + "', which the schema does not name");
            }
        });
    }

    private static boolean typeMatches(JsonNode value, JsonNode type) {
        if (type.isArray()) {
            for (JsonNode one : type) {
                if (typeMatches(value, one)) {
                    return true;
                }
            }
            return false;
        }
        return switch (type.asText()) {
            case "object" -> value.isObject();
            case "array" -> value.isArray();
            case "string" -> value.isTextual();
            case "integer" -> value.isIntegralNumber();
            case "number" -> value.isNumber();
            case "boolean" -> value.isBoolean();
            case "null" -> value.isNull();
            default -> false;
        };
    }

    private static boolean contains(JsonNode values, JsonNode value) {
        for (JsonNode one : values) {
            if (one.equals(value)) {
                return true;
            }
        }
        return false;
    }

    private static String kind(JsonNode value) {
        String type = value.isIntegralNumber() ? "integer" : value.getNodeType().name().toLowerCase(Locale.ROOT);
        return value.isContainerNode() ? type : type + " " + value;
    }
}
