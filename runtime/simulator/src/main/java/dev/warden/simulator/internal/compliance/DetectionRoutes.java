package dev.warden.simulator.internal.compliance;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.warden.simulator.internal.ApiError;
import dev.warden.simulator.internal.ErrorBodies;
import dev.warden.simulator.internal.Json;
import dev.warden.simulator.internal.content.Page;
import dev.warden.simulator.internal.content.PageVersion;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;

/**
 * Detections: list (optionally for one page), redact (rewrites the page as a new version), exclude. The paths are
 * the simulator's choice; the vendor does not document them.
 */
public final class DetectionRoutes {
    private static final String SCOPE = "detection";
    static final String REDACTED = "[REDACTED]";

    private DetectionRoutes() {}

    public static void register(ComplianceRouter router) {
        router.add(HandlerType.GET, "/detection", DetectionRoutes::list);
        router.add(HandlerType.POST, "/detection/{id}/redact", (ctx, holder) -> change(ctx, holder, "REDACTED"));
        router.add(HandlerType.POST, "/detection/{id}/exclude", (ctx, holder) -> change(ctx, holder, "EXCLUDED"));
    }

    private static void list(Context ctx, KeyHolder holder) {
        holder.requireScope(SCOPE, ScopeLevel.READ, holder.key().detection());
        String pageId = ctx.queryParam("pageId");
        ArrayNode results = Json.array();
        if (pageId != null && !pageId.isBlank()) {
            Page page = holder.page(pageId);
            holder.site().compliance().classification(page.id()).ifPresent(c -> holder.requireLevel(c.levelId()));
            if (!holder.key().levelLimits().isEmpty() && !holder.withinLevels(page)) {
                throw KeyHolder.forbidden("API key '" + holder.key().name()
                        + "' page-access limit does not include unclassified pages");
            }
        }
        for (Detection detection : holder.site().compliance().detections()) {
            if (pageId != null && !pageId.isBlank() && !detection.pageId().equals(pageId)) {
                continue;
            }
            Page page = visible(holder, detection.pageId());
            if (page != null) {
                results.add(ComplianceJson.detection(detection, page));
            }
        }
        Json.respond(ctx, 200, results);
    }

    private static void change(Context ctx, KeyHolder holder, String status) {
        holder.requireScope(SCOPE, ScopeLevel.WRITE, holder.key().detection());
        String id = ctx.pathParam("id");
        Detection detection = holder.site().compliance().detection(id)
                .orElseThrow(() -> KeyHolder.notFound("Detection " + id + " not found"));
        Page page = holder.page(detection.pageId());
        if (!holder.withinLevels(page)) {
            throw KeyHolder.forbidden("API key '" + holder.key().name()
                    + "' page-access limit does not include this page's level");
        }
        if (!detection.status().equals("OPEN") && !detection.status().equals(status)) {
            throw ApiError.json(409, ErrorBodies.compliance("Detection " + id + " is already " + detection.status()));
        }
        if (status.equals("REDACTED") && detection.status().equals("OPEN")) {
            if (!holder.canEdit(page)) {
                throw KeyHolder.forbidden("The key's user may not edit page " + page.id());
            }
            PageVersion current = page.current();
            page.addVersion(new PageVersion(current.number() + 1, current.title(),
                    current.body().replace(detection.match(), REDACTED), holder.now(),
                    "Redacted by Compliance for Confluence", false, holder.key().ownerAccountId()));
        }
        Detection changed = detection.withStatus(status);
        holder.site().compliance().putDetection(changed);
        Json.respond(ctx, 200, ComplianceJson.detection(changed, page));
    }

    /** The detection's page if the key may see it, else null so the list leaves it out. */
    private static Page visible(KeyHolder holder, String pageId) {
        try {
            Page page = holder.page(pageId);
            return holder.withinLevels(page) ? page : null;
        } catch (ApiError e) {
            return null;
        }
    }
}
