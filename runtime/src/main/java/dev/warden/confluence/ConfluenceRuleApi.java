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
            Map<String, Object> options = args.options(1, "bodyFormat", "labels");
            String format = args.text(options, "bodyFormat");
            return json(pages.get(call, args.text(0, "id"), format == null ? "storage" : format,
                    args.flag(options, "labels")));
        });
        functions.put("pages", (call, a) -> {
            Arguments args = new Arguments("pages", a);
            return json(listPages(call, args, args.options(0, "spaceId", "spaceKey", "title", "status", "cql", "max",
                    "pageSize")));
        });
        functions.put("search", (call, a) -> {
            Arguments args = new Arguments("search", a);
            Map<String, Object> options = args.options(1, "max", "pageSize");
            return json(pages.search(call, args.text(0, "cql"), args.max(options, DEFAULT_MAX),
                    args.pageSize(options)));
        });
        functions.put("createPage", (call, a) -> {
            Arguments args = new Arguments("createPage", a);
            Map<String, Object> page = args.options(0, "spaceId", "spaceKey", "title", "body", "parentId");
            return json(pages.create(call, spaceId(call, args, page), args.requiredText(page, "title"),
                    args.text(page, "body"), args.text(page, "parentId")));
        });
        functions.put("updatePage", (call, a) -> {
            Arguments args = new Arguments("updatePage", a);
            Map<String, Object> change = args.options(1, "title", "body", "message");
            return json(pages.update(call, args.text(0, "id"), args.text(change, "title"),
                    args.text(change, "body"), args.text(change, "message")));
        });
        functions.put("spaces", (call, a) -> {
            Arguments args = new Arguments("spaces", a);
            Map<String, Object> options = args.options(0, "keys", "max", "pageSize");
            String keys = spaceKeys(args, options);
            int max = args.max(options, DEFAULT_MAX);
            return json(client.collect(call, "/wiki/api/v2/spaces?limit=" + Math.min(max, args.pageSize(options))
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

    private List<JsonNode> listPages(RuleCall call, Arguments args, Map<String, Object> query) {
        int max = args.max(query, DEFAULT_MAX);
        int pageSize = args.pageSize(query);
        String cql = args.text(query, "cql");
        if (cql != null) {
            return pages.search(call, cql, max, pageSize).stream().map(r -> r.has("content") ? r.get("content") : r)
                    .toList();
        }
        String spaceId = query.containsKey("spaceId") || query.containsKey("spaceKey") ? spaceId(call, args, query)
                : null;
        return pages.list(call, spaceId, args.text(query, "title"), args.text(query, "status"), max, pageSize);
    }

    /** {@code keys}: one key, several joined by commas, or an array of keys. */
    private static String spaceKeys(Arguments args, Map<String, Object> options) {
        if (!(options.get("keys") instanceof List<?> list)) {
            return args.text(options, "keys");
        }
        for (Object key : list) {
            if (!(key instanceof String)) {
                throw args.bad("keys must be a string or an array of strings, not " + Arguments.shown(list));
            }
        }
        return String.join(",", list.stream().map(String::valueOf).toList());
    }

    private String spaceId(RuleCall call, Arguments args, Map<String, Object> options) {
        String id = args.text(options, "spaceId");
        if (id != null) {
            return id;
        }
        String key = args.text(options, "spaceKey");
        if (key == null) {
            throw args.bad("give spaceId or spaceKey");
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

    static Object json(Object node) {
        return ConfluenceClient.JSON.convertValue(node, Object.class);
    }
}
