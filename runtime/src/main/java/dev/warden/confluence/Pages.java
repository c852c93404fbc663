package dev.warden.confluence;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import dev.warden.plugin.RuleCall;
import dev.warden.plugin.RuleCallException;

/**
 * Pages through the v2 API (and v1 search for CQL): read with body, list with automatic cursor paging, create, and
 * update with automatic version increment, re-reading after a 409 before retrying or declaring failure.
 */
final class Pages {

    static final int MAX_UPDATE_ATTEMPTS = 3;

    private final ConfluenceClient client;

    Pages(ConfluenceClient client) {
        this.client = client;
    }

    JsonNode get(RuleCall call, String id, String bodyFormat, boolean labels) {
        return client.call(call, "GET", "/wiki/api/v2/pages/" + encode(id) + "?body-format=" + encode(bodyFormat)
                + (labels ? "&include-labels=true" : ""), null);
    }

    List<JsonNode> list(RuleCall call, String spaceId, String title, String status, int max, int pageSize) {
        StringBuilder path = new StringBuilder("/wiki/api/v2/pages?limit=" + Math.min(250, Math.min(max, pageSize)));
        if (spaceId != null) {
            path.append("&space-id=").append(encode(spaceId));
        }
        if (title != null) {
            path.append("&title=").append(encode(title));
        }
        if (status != null) {
            path.append("&status=").append(encode(status));
        }
        return client.collect(call, path.toString(), max);
    }

    /** v1 search results: {@code {content: {...}, title, excerpt, url, ...}}. */
    List<JsonNode> search(RuleCall call, String cql, int max, int pageSize) {
        return client.collect(call, "/wiki/rest/api/search?cql=" + encode(cql) + "&limit="
                + Math.min(100, Math.min(max, pageSize)), max);
    }

    JsonNode create(RuleCall call, String spaceId, String title, String body, String parentId) {
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("spaceId", spaceId);
        page.put("status", "current");
        page.put("title", title);
        page.put("body", Map.of("representation", "storage", "value", body == null ? "" : body));
        if (parentId != null) {
            page.put("parentId", parentId);
        }
        return client.call(call, "POST", "/wiki/api/v2/pages", page);
    }

    /**
     * Writes a new version. A 409 means another version landed first, or an earlier attempt of this very update
     * did and its answer was lost: re-read, stop if the page already says what we meant, else retry on top.
     */
    JsonNode update(RuleCall call, String id, String title, String body, String message) {
        JsonNode current = get(call, id, "storage", false);
        for (int attempt = 1; ; attempt++) {
            String newTitle = title != null ? title : current.path("title").asText();
            String newBody = body != null ? body : current.path("body").path("storage").path("value").asText("");
            int version = current.path("version").path("number").asInt();
            Map<String, Object> page = new LinkedHashMap<>();
            page.put("id", id);
            page.put("status", "current");
            page.put("title", newTitle);
            page.put("body", Map.of("representation", "storage", "value", newBody));
            Map<String, Object> versionJson = new LinkedHashMap<>();
            versionJson.put("number", version + 1);
            if (message != null) {
                versionJson.put("message", message);
            }
            page.put("version", versionJson);
            try {
                return client.call(call, "PUT", "/wiki/api/v2/pages/" + encode(id), page);
            } catch (RuleCallException e) {
                if (e.status() != 409) {
                    throw e;
                }
                current = get(call, id, "storage", false);
                if (current.path("title").asText().equals(newTitle) && current.path("body").path("storage")
                        .path("value").asText("").equals(newBody)) {
                    return current;
                }
                if (attempt >= MAX_UPDATE_ATTEMPTS) {
                    throw new RuleCallException(409, "CONFLICT", e.getMessage(), "page " + id + " kept changing "
                            + "under this update (" + attempt + " attempts); someone else is editing it");
                }
            }
        }
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
