package dev.warden.simulator.internal.compliance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.warden.simulator.internal.Json;
import dev.warden.simulator.internal.content.Page;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;

/** Classification: read a page's level, list the levels, set a page's level. */
public final class ClassificationRoutes {
    private static final String SCOPE = "classification";

    private ClassificationRoutes() {}

    public static void register(ComplianceRouter router) {
        router.add(HandlerType.GET, "/instance/by-page/{pageId}", ClassificationRoutes::byPage);
        router.add(HandlerType.GET, "/level", (ctx, holder) -> {
            holder.requireScope(SCOPE, ScopeLevel.MANAGE, holder.key().classification());
            ArrayNode levels = Json.array();
            holder.site().compliance().levels().forEach(level -> levels.add(ComplianceJson.level(level)));
            Json.respond(ctx, 200, levels);
        });
        router.add(HandlerType.POST, "/page-level", ClassificationRoutes::setLevel);
    }

    private static void byPage(Context ctx, KeyHolder holder) {
        holder.requireScope(SCOPE, ScopeLevel.READ, holder.key().classification());
        Page page = holder.page(ctx.pathParam("pageId"));
        Classification classification = holder.site().compliance().classification(page.id())
                .orElseThrow(() -> KeyHolder.notFound("Page " + page.id() + " has no classification"));
        holder.requireLevel(classification.levelId());
        Level level = holder.site().compliance().level(classification.levelId()).orElse(null);
        Json.respond(ctx, 200, ComplianceJson.instance(page, classification, level));
    }

    /** Needs the new level, and the page's current level if it has one, inside the key's page-access limit. */
    private static void setLevel(Context ctx, KeyHolder holder) {
        holder.requireScope(SCOPE, ScopeLevel.WRITE, holder.key().classification());
        JsonNode json = Json.parseOrNull(ctx.body());
        String pageId = Json.text(json, "pageId");
        String levelId = Json.text(json, "levelId");
        if (pageId == null || levelId == null) {
            throw KeyHolder.badRequest("pageId and levelId are required");
        }
        Page page = holder.page(pageId);
        Level level = holder.site().compliance().level(levelId)
                .orElseThrow(() -> KeyHolder.badRequest("Unknown levelId " + levelId));
        if (!holder.canEdit(page)) {
            throw KeyHolder.forbidden("The key's user may not edit page " + page.id());
        }
        holder.site().compliance().classification(page.id()).ifPresent(c -> holder.requireLevel(c.levelId()));
        holder.requireLevel(level.id());
        Classification classification =
                new Classification(page.id(), level.id(), holder.key().ownerAccountId(), holder.now());
        holder.site().compliance().classify(classification);
        Json.respond(ctx, 200, ComplianceJson.instance(page, classification, level));
    }
}
