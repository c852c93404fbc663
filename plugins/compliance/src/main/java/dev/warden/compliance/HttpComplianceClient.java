package dev.warden.compliance;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import org.pf4j.Extension;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.warden.plugin.ComplianceClient;
import dev.warden.plugin.PluginContext;
import dev.warden.plugin.RuleCallException;

/**
 * The Compliance for Confluence REST API with {@code x-api-key}: base URL from {@code compliance.url} (default the
 * vendor's), key from {@code WARDEN_COMPLIANCE_KEY} or {@code compliance.keyFile}.
 */
@Extension
public class HttpComplianceClient implements ComplianceClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern LEVEL_ID = Pattern.compile("[0-9a-fA-F-]{32,36}");

    private final PluginContext context;

    public HttpComplianceClient(PluginContext context) {
        this.context = context;
    }

    @Override
    public Optional<Classification> classification(String pageId) {
        HttpResponse<String> response = send("GET", "/v1/instance/by-page/" + encode(pageId), null);
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        JsonNode json = ok(response, "reading the classification of page " + pageId, "classification::read");
        return Optional.of(classification(json));
    }

    @Override
    public Classification classify(String pageId, String level) {
        String levelId = LEVEL_ID.matcher(level).matches() ? level : levelIdNamed(level);
        HttpResponse<String> response = send("POST", "/v1/page-level", Map.of("pageId", pageId, "levelId", levelId));
        return classification(ok(response, "classifying page " + pageId, "classification::write"));
    }

    @Override
    public List<ComplianceLevel> levels() {
        JsonNode json = ok(send("GET", "/v1/level", null), "listing the classification levels",
                "classification::manage");
        List<ComplianceLevel> levels = new ArrayList<>();
        json.forEach(l -> levels.add(new ComplianceLevel(l.path("id").asText(), l.path("name").asText(),
                l.path("description").asText(null), l.path("color").asText(null), l.path("order").asInt())));
        levels.sort(java.util.Comparator.comparingInt(ComplianceLevel::order));
        return levels;
    }

    @Override
    public List<Detection> detections(String pageId) {
        String query = pageId == null ? "" : "?pageId=" + encode(pageId);
        JsonNode json = ok(send("GET", "/v1/detection" + query, null), "listing detections", "detection::read");
        List<Detection> detections = new ArrayList<>();
        json.forEach(d -> detections.add(detection(d)));
        return detections;
    }

    @Override
    public Detection redact(String detectionId) {
        return detection(ok(send("POST", "/v1/detection/" + encode(detectionId) + "/redact", Map.of()),
                "redacting detection " + detectionId, "detection::write"));
    }

    @Override
    public Detection exclude(String detectionId) {
        return detection(ok(send("POST", "/v1/detection/" + encode(detectionId) + "/exclude", Map.of()),
                "excluding detection " + detectionId, "detection::write"));
    }

    private String levelIdNamed(String name) {
        return levels().stream().filter(l -> l.name().equalsIgnoreCase(name)).map(ComplianceLevel::id).findFirst()
                .orElseThrow(() -> new RuleCallException(400, "UNKNOWN_LEVEL", "no classification level is named '"
                        + name + "'", "compliance.levels() lists the site's levels; pass a level's id or name"));
    }

    private static Classification classification(JsonNode c) {
        return new Classification(c.path("pageId").asText(null), c.path("spaceId").asText(null),
                c.path("levelId").asText(null), c.path("levelName").asText(null), c.path("classifierId").asText(null),
                c.path("classificationDate").asText(null));
    }

    private static Detection detection(JsonNode d) {
        return new Detection(d.path("id").asText(null), d.path("pageId").asText(null), d.path("spaceId").asText(null),
                d.path("type").asText(null), d.path("match").asText(null), d.path("status").asText(null),
                d.path("detectedAt").asText(null));
    }

    private static JsonNode ok(HttpResponse<String> response, String operation, String scope) {
        if (response.statusCode() / 100 != 2) {
            throw ComplianceErrors.of(response, operation, scope);
        }
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new RuleCallException(502, "BAD_RESPONSE", operation + ": the Compliance API answered with a "
                    + "body that is not JSON");
        }
    }

    private HttpResponse<String> send(String method, String path, Object body) {
        String key = context.secret("key").orElseThrow(() -> new RuleCallException(0, "NO_COMPLIANCE_KEY",
                "no Compliance API key is configured", "create an API key in Compliance for Confluence and set "
                + "WARDEN_COMPLIANCE_KEY (or compliance.keyFile); the key is never read from the config file"));
        String base;
        try {
            base = ComplianceUrl.of(context.settings());
        } catch (IllegalArgumentException e) {
            throw new RuleCallException(0, "COMPLIANCE_URL", e.getMessage());
        }
        try {
            HttpRequest request = context.http().request(URI.create(base + path))
                    .header("x-api-key", key)
                    .header("Accept", "application/json")
                    .header("Content-Type", "application/json")
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                    .build();
            // Setting a level or redacting twice ends in the same state, so every call may be retried.
            return context.http().send(request, true);
        } catch (IOException e) {
            throw new RuleCallException(0, "UNREACHABLE", "the Compliance API at " + base + " could not be reached: "
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()),
                    "check compliance.url (WARDEN_COMPLIANCE_URL) and the network or proxy between Warden and it");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RuleCallException(0, "INTERRUPTED", "the Compliance call was interrupted");
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
