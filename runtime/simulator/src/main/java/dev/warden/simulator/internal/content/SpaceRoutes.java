package dev.warden.simulator.internal.content;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.simulator.internal.ApiFamily;
import dev.warden.simulator.internal.Errors;
import dev.warden.simulator.internal.Json;
import dev.warden.simulator.internal.Timestamps;
import dev.warden.simulator.internal.auth.Scopes;
import dev.warden.simulator.internal.auth.SiteRouter;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/** v2 spaces: {@code GET /spaces}, {@code GET /spaces/{id}}, {@code GET /spaces/{id}/pages}. */
public final class SpaceRoutes {
    private SpaceRoutes() {}

    public static void register(SiteRouter router) {
        router.v2(HandlerType.GET, "/spaces", Scopes.READ_SPACE, (ctx, site, caller) -> list(ctx, site.content()));
        router.v2(HandlerType.GET, "/spaces/{id}", Scopes.READ_SPACE, (ctx, site, caller) ->
                Json.respond(ctx, 200, json(space(site.content(), ctx.pathParam("id")), ctx)));
        router.v2(HandlerType.GET, "/spaces/{id}/pages", Scopes.READ_PAGE, (ctx, site, caller) -> {
            Space space = space(site.content(), ctx.pathParam("id"));
            boolean rootOnly = "root".equals(ctx.queryParam("depth"));
            PageListing.respond(ctx, new ContentGuard(site, caller), page -> page.spaceId().equals(space.id())
                    && (!rootOnly || page.parentId() == null));
        });
    }

    private static void list(Context ctx, ContentStore content) {
        Set<String> ids = Set.copyOf(PageListing.values(ctx, "ids", List.of()));
        Set<String> keys = Set.copyOf(PageListing.values(ctx, "keys", List.of()));
        PageRoutes.numeric(ids, "ids");
        String type = ctx.queryParam("type");
        String status = ctx.queryParam("status");
        List<Space> spaces = content.spaces().stream()
                .filter(space -> ids.isEmpty() || ids.contains(space.id()))
                .filter(space -> keys.isEmpty() || keys.contains(space.key()))
                .filter(space -> type == null || type.equals(space.type()))
                .filter(space -> status == null || status.equals("current"))
                .sorted(Comparator.comparingLong(space -> Long.parseLong(space.id())))
                .toList();
        Pagination.Slice<Space> slice =
                Pagination.slice(ctx, ApiFamily.V2, spaces, Pagination.limit(ctx, ApiFamily.V2, 25, 250));
        ObjectNode body = Json.object();
        ArrayNode results = body.putArray("results");
        slice.items().forEach(space -> results.add(json(space, ctx)));
        Pagination.v2Links(ctx, body, slice);
        Json.respond(ctx, 200, body);
    }

    private static Space space(ContentStore content, String id) {
        return content.space(id).orElseThrow(() -> Errors.notFound(ApiFamily.V2));
    }

    private static ObjectNode json(Space space, Context ctx) {
        ObjectNode json = Json.object();
        json.put("id", space.id())
                .put("key", space.key())
                .put("name", space.name())
                .put("type", space.type())
                .put("status", "current")
                .put("authorId", space.authorId())
                .put("createdAt", Timestamps.format(space.createdAt()))
                .put("homepageId", space.homepageId());
        if ("plain".equals(ctx.queryParam("description-format")) && space.description() != null) {
            json.putObject("description").putObject("plain")
                    .put("value", space.description()).put("representation", "plain");
        }
        json.putNull("icon");
        json.putObject("_links").put("webui", "/spaces/" + space.key());
        return json;
    }
}
