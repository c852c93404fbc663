package dev.warden.simulator.internal.content;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.simulator.internal.Json;
import dev.warden.simulator.internal.Timestamps;

/** v2 page and label objects, fields in the order of the API facts page. */
final class PageJson {
    private PageJson() {}

    /**
     * @param bodyFormat the {@code body-format} asked for, or null for an empty {@code body}
     * @param base the {@code _links.base} to include (single-page responses), or null (list items)
     */
    static ObjectNode page(Page page, PageVersion version, Space space, String bodyFormat, boolean withLabels,
            String base) {
        ObjectNode json = Json.object();
        json.put("id", page.id())
                .put("status", page.status())
                .put("title", version.title())
                .put("spaceId", page.spaceId())
                .put("parentId", page.parentId())
                .put("parentType", page.parentId() == null ? null : "page")
                .put("authorId", page.authorId())
                .put("ownerId", page.ownerId())
                .put("createdAt", Timestamps.format(page.createdAt()));
        json.putObject("version")
                .put("number", version.number())
                .put("createdAt", Timestamps.format(version.createdAt()))
                .put("message", version.message())
                .put("minorEdit", version.minorEdit())
                .put("authorId", version.authorId());
        BodyFormats.render(json.putObject("body"), bodyFormat, version.body());
        if (withLabels) {
            ObjectNode labels = json.putObject("labels");
            ArrayNode results = labels.putArray("results");
            page.labels().forEach(label -> results.add(label(label)));
            labels.putObject("meta").put("hasMore", false).put("cursor", "");
            labels.putObject("_links").put("self", "/wiki/api/v2/pages/" + page.id() + "/labels");
        }
        ObjectNode links = json.putObject("_links");
        links.put("webui", Links.webui(space, page))
                .put("editui", Links.editui(page))
                .put("tinyui", Links.tinyui(page));
        if (base != null) {
            links.put("base", base);
        }
        return json;
    }

    static ObjectNode label(Label label) {
        return Json.object().put("id", label.id()).put("name", label.name()).put("prefix", label.prefix());
    }
}
