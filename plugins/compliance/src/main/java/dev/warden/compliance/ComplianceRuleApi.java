package dev.warden.compliance;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.pf4j.Extension;

import dev.warden.plugin.ComplianceClient;
import dev.warden.plugin.ComplianceClient.Classification;
import dev.warden.plugin.ComplianceClient.ComplianceLevel;
import dev.warden.plugin.ComplianceClient.Detection;
import dev.warden.plugin.PluginContext;
import dev.warden.plugin.RuleApiProvider;
import dev.warden.plugin.RuleCallException;
import dev.warden.plugin.RuleFunction;

/**
 * {@code compliance} in the rule context: {@code classification(pageId)} (null when unclassified; an unknown or
 * hidden page throws NOT_FOUND),
 * {@code classify(pageId, level)}, {@code levels()}, {@code detections(pageId?)}, {@code redact(id)},
 * {@code exclude(id)}.
 */
@Extension
public class ComplianceRuleApi implements RuleApiProvider {

    private final ComplianceClient client;

    public ComplianceRuleApi(PluginContext context) {
        this.client = new HttpComplianceClient(context);
    }

    @Override
    public String namespace() {
        return "compliance";
    }

    @Override
    public boolean topLevel() {
        return true;
    }

    @Override
    public Map<String, RuleFunction> functions() {
        return Map.of(
                "classification", (call, a) -> client.classification(text(a, 0, "pageId")).map(this::json)
                        .orElse(null),
                "classify", (call, a) -> json(client.classify(text(a, 0, "pageId"), text(a, 1, "level"))),
                "levels", (call, a) -> client.levels().stream().map(this::json).toList(),
                "detections", (call, a) -> client.detections(a.isEmpty() || a.getFirst() == null ? null
                        : text(a, 0, "pageId")).stream().map(this::json).toList(),
                "redact", (call, a) -> json(client.redact(text(a, 0, "detectionId"))),
                "exclude", (call, a) -> json(client.exclude(text(a, 0, "detectionId"))));
    }

    private static String text(List<Object> arguments, int index, String name) {
        Object value = index < arguments.size() ? arguments.get(index) : null;
        if (value instanceof Number n) {
            return String.valueOf(n.longValue());
        }
        if (!(value instanceof String s) || s.isBlank()) {
            throw new RuleCallException(400, "BAD_ARGUMENT", "argument " + (index + 1) + " (" + name
                    + ") must be a non-empty string");
        }
        return s;
    }

    private Map<String, Object> json(Classification c) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("pageId", c.pageId());
        out.put("spaceId", c.spaceId());
        out.put("levelId", c.levelId());
        out.put("levelName", c.levelName());
        out.put("classifierId", c.classifierId());
        out.put("classificationDate", c.classificationDate());
        return out;
    }

    private Map<String, Object> json(ComplianceLevel l) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", l.id());
        out.put("name", l.name());
        out.put("description", l.description());
        out.put("color", l.color());
        out.put("order", l.order());
        return out;
    }

    private Map<String, Object> json(Detection d) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", d.id());
        out.put("pageId", d.pageId());
        out.put("spaceId", d.spaceId());
        out.put("type", d.type());
        out.put("match", d.match());
        out.put("status", d.status());
        out.put("detectedAt", d.detectedAt());
        return out;
    }
}
