package dev.warden.compliance;

import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What a 404 means. The Compliance API answers 404 for an unknown page or a page without a classification, with a
 * JSON {@code {"message": "..."}} naming which; anything else (a plain-text or HTML page, JSON without a message, a
 * message naming neither the thing asked for nor a classification) did not come from one of its endpoints, so
 * {@code compliance.url} does not point at the API.
 */
enum NotFoundAnswer {
    /** The page exists but has no classification. */
    UNCLASSIFIED,
    /** The page, detection or level asked for is unknown, or hidden from the key's user. */
    UNKNOWN,
    /** Not the Compliance API's answer: the address is wrong. */
    NOT_THE_API;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern ABOUT_ROUTING = Pattern.compile("(?i)\\b(endpoint|route|resource|path|uri|url)s?\\b");
    private static final Pattern ABOUT_CLASSIFICATION = Pattern.compile("(?i)classif");
    private static final Pattern ABOUT_A_THING = Pattern.compile("(?i)\\b(page|detection|level|instance)s?\\b");

    /**
     * @param subject what the call named, e.g. {@code page 65537}, or null when its path names nothing (then no 404
     *                can be the API's)
     */
    static NotFoundAnswer of(String body, String subject) {
        String message = message(body);
        if (subject == null || message == null || ABOUT_ROUTING.matcher(message).find()) {
            return NOT_THE_API;
        }
        if (ABOUT_CLASSIFICATION.matcher(message).find()) {
            return UNCLASSIFIED;
        }
        return ABOUT_A_THING.matcher(message).find() ? UNKNOWN : NOT_THE_API;
    }

    private static String message(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            JsonNode json = JSON.readTree(body);
            JsonNode message = json == null || !json.isObject() ? null : json.get("message");
            return message == null || !message.isTextual() || message.asText().isBlank() ? null : message.asText();
        } catch (Exception e) {
            return null;
        }
    }
}
