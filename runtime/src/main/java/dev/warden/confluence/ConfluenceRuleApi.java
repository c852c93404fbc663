package dev.warden.confluence;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import dev.warden.plugin.RuleApiProvider;
import dev.warden.plugin.RuleCall;
import dev.warden.plugin.RuleCallException;
import dev.warden.plugin.RuleFunction;

/**
 * {@code confluence} in the rule context. Answers are Confluence's own JSON; lists are followed through every
 * cursor page up to {@code max} (default 1,000). Every failure is an error with {@code status}, {@code code} and
 * a {@code diagnosis}.
 */
public final class ConfluenceRuleApi implements RuleApiProvider {

    static final int DEFAULT_MAX = 1000;

    private final ConfluenceClient client;
    private final Pages pages;
    private final RawRequests raw;

    public ConfluenceRuleApi(ConfluenceClient client) {
        this.client = client;
        this.pages = new Pages(client);
        this.raw = new RawRequests(client);
    }

    @Override
    public String namespace() {
        return "confluence";
    }

    @Override
    public boolean topLevel() {
        return true;
    }

    @Override
    public Map<String, RuleFunction> functions() {
        Map<String, RuleFunction> functions = new LinkedHashMap<>();
        functions.put("page", (call, a) -> {
            Arguments args = new Arguments("page", a);
            Map<String, Object> options = args.options(1);
            String format = options.getOrDefault("bodyFormat", "storage").toString();
            return json(pages.get(call, args.text(0, "id"), format, Boolean.TRUE.equals(options.get("labels"))));
        });
        functions.put("pages", (call, a) -> json(listPages(call, new Arguments("pages", a).options(0))));
        functions.put("search", (call, a) -> {
            Arguments args = new Arguments("search", a);
            Map<String, Object> options = args.options(1);
            return json(pages.search(call, args.text(0, "cql"), Arguments.max(options, DEFAULT_MAX),
                    Arguments.pageSize(options)));
        });
        functions.put("createPage", (call, a) -> {
            Map<String, Object> page = new Arguments("createPage", a).options(0);
            return json(pages.create(call, spaceId(call, page), require(page, "title", "createPage"),
                    Arguments.text(page, "body"), Arguments.text(page, "parentId")));
        });
        functions.put("updatePage", (call, a) -> {
            Arguments args = new Arguments("updatePage", a);
            Map<String, Object> change = args.options(1);
            return json(pages.update(call, args.text(0, "id"), Arguments.text(change, "title"),
                    Arguments.text(change, "body"), Arguments.text(change, "message")));
        });
        functions.put("spaces", (call, a) -> {
            Map<String, Object> options = new Arguments("spaces", a).options(0);
            String keys = options.get("keys") instanceof List<?> list ? String.join(",", list.stream()
                    .map(String::valueOf).toList()) : Arguments.text(options, "keys");
            int max = Arguments.max(options, DEFAULT_MAX);
            return json(client.collect(call, "/wiki/api/v2/spaces?limit=" + Math.min(250, max)
                    + (keys == null ? "" : "&keys=" + Pages.encode(keys)), max));
        });
        functions.put("space", (call, a) -> json(space(call, new Arguments("space", a).text(0, "idOrKey"))));
        functions.put("labels", (call, a) -> json(client.collect(call, "/wiki/api/v2/pages/"
                + Pages.encode(new Arguments("labels", a).text(0, "pageId")) + "/labels?limit=250", DEFAULT_MAX)));
        functions.put("restrictions", (call, a) -> json(client.call(call, "GET", "/wiki/rest/api/content/"
                + Pages.encode(new Arguments("restrictions", a).text(0, "pageId")) + "/restriction", null)
                .path("results")));
        functions.put("currentUser", (call, a) -> json(client.call(call, "GET", "/wiki/rest/api/user/current",
                null)));
        functions.put("request", (call, a) -> raw.request(call, new Arguments("request", a)));
        return functions;
    }

    private List<JsonNode> listPages(RuleCall call, Map<String, Object> query) {
        int max = Arguments.max(query, DEFAULT_MAX);
        String cql = Arguments.text(query, "cql");
        if (cql != null) {
            return pages.search(call, cql, max, Arguments.pageSize(query)).stream().map(r -> r.has("content") ? r.get("content") : r).toList();
        }
        String spaceId = query.containsKey("spaceId") || query.containsKey("spaceKey") ? spaceId(call, query) : null;
        return pages.list(call, spaceId, Arguments.text(query, "title"), Arguments.text(query, "status"), max,
                Arguments.pageSize(query));
    }

    private String spaceId(RuleCall call, Map<String, Object> options) {
        String id = Arguments.text(options, "spaceId");
        if (id != null) {
            return id;
        }
        String key = Arguments.text(options, "spaceKey");
        if (key == null) {
            throw new RuleCallException(400, "BAD_ARGUMENT", "give spaceId or spaceKey");
        }
        return space(call, key).path("id").asText();
    }

    private JsonNode space(RuleCall call, String idOrKey) {
        if (idOrKey.chars().allMatch(Character::isDigit)) {
            return client.call(call, "GET", "/wiki/api/v2/spaces/" + idOrKey, null);
        }
        JsonNode found = client.call(call, "GET", "/wiki/api/v2/spaces?keys=" + Pages.encode(idOrKey), null)
                .path("results").path(0);
        if (found.isMissingNode()) {
            throw new RuleCallException(404, "NOT_FOUND", "no space has the key " + idOrKey, "space keys are "
                    + "case-sensitive and usually upper case; confluence.spaces() lists the ones this account sees");
        }
        return found;
    }

    private static String require(Map<String, Object> options, String key, String function) {
        String value = Arguments.text(options, key);
        if (value == null || value.isBlank()) {
            throw new RuleCallException(400, "BAD_ARGUMENT", "confluence." + function + " needs " + key);
        }
        return value;
    }

    static Object json(Object node) {
        return ConfluenceClient.JSON.convertValue(node, Object.class);
    }
}
