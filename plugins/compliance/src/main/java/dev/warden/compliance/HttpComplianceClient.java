package dev.warden.compliance;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
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
import dev.warden.plugin.ResponseTooLargeException;
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

    /** Empty only when the API says the page has no classification; an unknown or hidden page is NOT_FOUND. */
    @Override
    public Optional<Classification> classification(String pageId) {
        String operation = "reading the classification of page " + pageId;
        HttpResponse<String> response = send("GET", "/v1/instance/by-page/" + encode(pageId), null);
        if (response.statusCode() == 404
                && NotFoundAnswer.of(response.body(), "page " + pageId) == NotFoundAnswer.UNCLASSIFIED) {
            return Optional.empty();
        }
        JsonNode json = ok(response, operation, "classification::read", "page " + pageId);
        return Optional.of(classification(json, operation));
    }

    @Override
    public Classification classify(String pageId, String level) {
        String levelId = LEVEL_ID.matcher(level).matches() ? level : levelIdNamed(level);
        String operation = "classifying page " + pageId;
        HttpResponse<String> response = send("POST", "/v1/page-level", Map.of("pageId", pageId, "levelId", levelId));
        return classification(ok(response, operation, "classification::write", "page " + pageId), operation);
    }

    @Override
    public List<ComplianceLevel> levels() {
        String operation = "listing the classification levels";
        JsonNode json = AnswerShape.array(ok(send("GET", "/v1/level", null), operation, "classification::manage",
                null), operation, "levels", "id", "name");
        List<ComplianceLevel> levels = new ArrayList<>();
        json.forEach(l -> levels.add(new ComplianceLevel(l.path("id").asText(), l.path("name").asText(),
                l.path("description").asText(null), l.path("color").asText(null), l.path("order").asInt())));
        levels.sort(java.util.Comparator.comparingInt(ComplianceLevel::order));
        return levels;
    }

    @Override
    public List<Detection> detections(String pageId) {
        String query = pageId == null ? "" : "?pageId=" + encode(pageId);
        String operation = "listing detections";
        JsonNode json = AnswerShape.array(ok(send("GET", "/v1/detection" + query, null), operation,
                "detection::read", pageId == null ? null : "page " + pageId), operation, "detections", "id");
        List<Detection> detections = new ArrayList<>();
        json.forEach(d -> detections.add(detection(d, operation)));
        return detections;
    }

    @Override
    public Detection redact(String detectionId) {
        String operation = "redacting detection " + detectionId;
        return detection(ok(send("POST", "/v1/detection/" + encode(detectionId) + "/redact", Map.of()), operation,
                "detection::write", "detection " + detectionId), operation);
    }

    @Override
    public Detection exclude(String detectionId) {
        String operation = "excluding detection " + detectionId;
        return detection(ok(send("POST", "/v1/detection/" + encode(detectionId) + "/exclude", Map.of()), operation,
                "detection::write", "detection " + detectionId), operation);
    }

    private String levelIdNamed(String name) {
        return levels().stream().filter(l -> l.name().equalsIgnoreCase(name)).map(ComplianceLevel::id).findFirst()
                .orElseThrow(() -> new RuleCallException(400, "UNKNOWN_LEVEL", "no classification level is named '"
                        + name + "'", "compliance.levels() lists the site's levels; pass a level's id or name"));
    }

    private static Classification classification(JsonNode json, String operation) {
        JsonNode c = AnswerShape.object(json, operation, "a classification", "pageId", "levelId");
        return new Classification(c.path("pageId").asText(null), c.path("spaceId").asText(null),
                c.path("levelId").asText(null), c.path("levelName").asText(null), c.path("classifierId").asText(null),
                c.path("classificationDate").asText(null));
    }

    private static Detection detection(JsonNode json, String operation) {
        JsonNode d = AnswerShape.object(json, operation, "a detection", "id");
        return new Detection(d.path("id").asText(null), d.path("pageId").asText(null), d.path("spaceId").asText(null),
                d.path("type").asText(null), d.path("match").asText(null), d.path("status").asText(null),
                d.path("detectedAt").asText(null));
    }

    /** The JSON of a 2xx answer; otherwise the error (a 404 about {@code subject}, which may be null). */
    private static JsonNode ok(HttpResponse<String> response, String operation, String scope, String subject) {
        if (response.statusCode() / 100 != 2) {
            throw ComplianceErrors.of(response, operation, scope, subject);
        }
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new RuleCallException(502, "BAD_RESPONSE", operation + ": the Compliance API answered with a "
                    + "body that is not JSON", "Check that " + ComplianceUrl.SETTING + " points at the Compliance "
                    + "for Confluence API (e.g. " + ComplianceUrl.DEFAULT + "), not at a web page or proxy.");
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
        } catch (HttpTimeoutException e) {
            if (e instanceof HttpConnectTimeoutException) {
                throw new RuleCallException(0, "UNREACHABLE", "the Compliance API at " + base + " could not be "
                        + "reached: " + e.getMessage(), "check compliance.url (WARDEN_COMPLIANCE_URL) and the network "
                        + "or proxy between Warden and it");
            }
            throw new RuleCallException(0, "TIMEOUT", "the Compliance API at " + base + " was too slow: "
                    + e.getMessage(), "ask for less, or raise outbound.requestTimeout "
                    + "(WARDEN_OUTBOUND_REQUEST_TIMEOUT), below the rule's own timeout");
        } catch (ResponseTooLargeException e) {
            throw new RuleCallException(0, "RESPONSE_TOO_LARGE", "the Compliance API at " + base + ": "
                    + e.getMessage(), "ask for less, or raise outbound.maxResponseBody "
                    + "(WARDEN_OUTBOUND_MAX_RESPONSE_BODY)");
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
