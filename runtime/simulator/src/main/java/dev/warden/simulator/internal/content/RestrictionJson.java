package dev.warden.simulator.internal.content;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.simulator.internal.Json;
import dev.warden.simulator.internal.directory.Directory;
import java.util.List;

/** The v1 {@code /content/{id}/restriction} response: one entry per operation, users and groups paged inside. */
final class RestrictionJson {
    static final List<String> OPERATIONS = List.of("read", "update");

    private RestrictionJson() {}

    static ObjectNode of(Page page, Directory directory, String base) {
        ObjectNode json = Json.object();
        ArrayNode results = json.putArray("results");
        for (String operation : OPERATIONS) {
            Restriction restriction = page.restriction(operation);
            ObjectNode entry = results.addObject().put("operation", operation);
            ObjectNode restrictions = entry.putObject("restrictions");
            ArrayNode users = Json.array();
            restriction.users().forEach(id -> directory.byAccountId(id)
                    .ifPresent(user -> users.add(UserJson.restricted(user, base))));
            ArrayNode groups = Json.array();
            restriction.groups().forEach(name -> directory.group(name)
                    .ifPresent(group -> groups.add(UserJson.group(group, base))));
            page(restrictions.putObject("user"), users);
            page(restrictions.putObject("group"), groups);
            entry.putObject("_expandable").put("content", "/rest/api/content/" + page.id());
            entry.putObject("_links")
                    .put("self", base + "/rest/api/content/" + page.id() + "/restriction/byOperation/" + operation);
        }
        json.put("start", 0).put("limit", 100).put("size", OPERATIONS.size());
        json.put("restrictionsHash", Integer.toHexString(Json.write(results).hashCode()));
        json.putObject("_links").put("base", base).put("context", "/wiki")
                .put("self", base + "/rest/api/content/" + page.id() + "/restriction");
        return json;
    }

    private static void page(ObjectNode target, ArrayNode results) {
        target.set("results", results);
        target.put("start", 0).put("limit", 200).put("size", results.size());
    }
}
