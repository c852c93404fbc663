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
import dev.warden.plugin.RuleArguments;
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
                "classification", (call, a) -> client.classification(args("classification", a).id(0, "pageId"))
                        .map(this::json).orElse(null),
                "classify", (call, a) -> {
                    RuleArguments args = args("classify", a);
                    return json(client.classify(args.id(0, "pageId"), args.id(1, "level")));
                },
                "levels", (call, a) -> client.levels().stream().map(this::json).toList(),
                "detections", (call, a) -> client.detections(a.isEmpty() || a.getFirst() == null ? null
                        : args("detections", a).id(0, "pageId")).stream().map(this::json).toList(),
                "redact", (call, a) -> json(client.redact(args("redact", a).id(0, "detectionId"))),
                "exclude", (call, a) -> json(client.exclude(args("exclude", a).id(0, "detectionId"))));
    }

    private static RuleArguments args(String function, List<Object> values) {
        return new RuleArguments("compliance." + function, values);
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
