package dev.warden.simulator.internal.content;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.simulator.internal.ApiError;
import dev.warden.simulator.internal.ApiFamily;
import dev.warden.simulator.internal.ErrorBodies;
import dev.warden.simulator.internal.Errors;
import dev.warden.simulator.internal.Json;
import dev.warden.simulator.internal.auth.Caller;
import dev.warden.simulator.internal.auth.Scopes;
import dev.warden.simulator.internal.auth.SiteRouter;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;

/** v2 page writes: {@code POST /pages}, {@code PUT /pages/{id}}, {@code DELETE /pages/{id}}. */
public final class PageWriteRoutes {
    private PageWriteRoutes() {}

    public static void register(SiteRouter router) {
        router.v2(HandlerType.POST, "/pages", Scopes.WRITE_PAGE,
                (ctx, site, caller) -> create(ctx, new ContentGuard(site, caller)));
        router.v2(HandlerType.PUT, "/pages/{id}", Scopes.WRITE_PAGE,
                (ctx, site, caller) -> update(ctx, new ContentGuard(site, caller)));
        router.v2(HandlerType.DELETE, "/pages/{id}", Scopes.DELETE_PAGE,
                (ctx, site, caller) -> delete(ctx, new ContentGuard(site, caller)));
    }

    private static void create(Context ctx, ContentGuard guard) {
        JsonNode json = body(ctx);
        ContentStore content = guard.site().content();
        String spaceId = Json.text(json, "spaceId");
        Space space = spaceId == null ? null : content.space(spaceId).orElse(null);
        if (space == null) {
            throw Errors.badRequest(ApiFamily.V2, "Space not found: " + spaceId);
        }
        String title = required(json, "title");
        String storage = storage(json);
        String status = json.path("status").asText("current");
        if (!status.equals("current")) {
            throw Errors.badRequest(ApiFamily.V2, "Only status current is supported");
        }
        String parentId = Json.text(json, "parentId");
        if (parentId == null) {
            parentId = space.homepageId();
        } else if (!guard.page(parentId).spaceId().equals(space.id())) {
            throw Errors.badRequest(ApiFamily.V2, "Parent page is in another space");
        }
        if (titleTaken(content, space.id(), title, null)) {
            throw Errors.badRequest(ApiFamily.V2,
                    "A page with this title already exists: A page already exists with the same TITLE in this space");
        }
        Caller caller = guard.caller();
        Page page = new Page(content.newPageId(), space.id(), parentId, caller.user().accountId(), caller.now());
        page.addVersion(new PageVersion(1, title, storage, caller.now(), "", false, caller.user().accountId()));
        content.addPage(page);
        guard.touched(page, "created");
        Json.respond(ctx, 200, PageJson.page(page, page.current(), space, "storage", false, Links.base(ctx)));
    }

    private static void update(Context ctx, ContentGuard guard) {
        JsonNode json = body(ctx);
        Page page = guard.page(ctx.pathParam("id"));
        String id = required(json, "id");
        if (!id.equals(page.id())) {
            throw Errors.badRequest(ApiFamily.V2, "id in the body does not match the path");
        }
        required(json, "status");
        String title = required(json, "title");
        String storage = storage(json);
        JsonNode version = json.get("version");
        if (version == null || !version.hasNonNull("number") || !version.get("number").canConvertToInt()) {
            throw Errors.badRequest(ApiFamily.V2, "version.number is required");
        }
        if (!guard.mayEdit(page)) {
            throw Errors.forbidden(ApiFamily.V2, "Not permitted to update this page");
        }
        int current = page.current().number();
        int provided = version.get("number").asInt();
        if (provided != current + 1) {
            throw ApiError.json(409, ErrorBodies.v2(409, "CONFLICT",
                    "Version must be incremented when updating a page. Current Version: [" + current
                            + "]. Provided version: [" + provided + "]"));
        }
        if (titleTaken(guard.site().content(), page.spaceId(), title, page.id())) {
            throw Errors.badRequest(ApiFamily.V2,
                    "A page with this title already exists: A page already exists with the same TITLE in this space");
        }
        String parentId = Json.text(json, "parentId");
        if (parentId != null && !parentId.equals(page.parentId())) {
            Page parent = guard.page(parentId);
            if (parent == page || guard.site().content().ancestors(parent).contains(page)) {
                throw Errors.badRequest(ApiFamily.V2, "A page cannot be moved below itself");
            }
            page.parentId(parent.id());
        }
        Caller caller = guard.caller();
        page.addVersion(new PageVersion(provided, title, storage, caller.now(), version.path("message").asText(""),
                version.path("minorEdit").asBoolean(false), caller.user().accountId()));
        guard.touched(page, "updated");
        Space space = guard.site().content().space(page.spaceId()).orElseThrow();
        Json.respond(ctx, 200, PageJson.page(page, page.current(), space, "storage", false, Links.base(ctx)));
    }

    private static void delete(Context ctx, ContentGuard guard) {
        String id = ctx.pathParam("id");
        boolean purge = Boolean.parseBoolean(ctx.queryParam("purge"));
        Page page = guard.site().content().page(id)
                .filter(p -> p.isCurrent() || (purge && p.status().equals("trashed")))
                .filter(guard::mayView)
                .orElseThrow(() -> Errors.contentNotFound(ApiFamily.V2, id));
        if (!guard.mayEdit(page)) {
            throw Errors.forbidden(ApiFamily.V2, "Not permitted to delete this page");
        }
        guard.touched(page, purge ? "purged" : "deleted");
        if (page.isCurrent()) {
            page.status("trashed");
        } else {
            guard.site().content().removePage(page.id());
        }
        ctx.status(204);
    }

    private static JsonNode body(Context ctx) {
        JsonNode json = Json.parseOrNull(ctx.body());
        if (json == null || !json.isObject()) {
            throw Errors.badRequest(ApiFamily.V2, "Request body must be a JSON object");
        }
        return json;
    }

    private static String required(JsonNode json, String field) {
        String value = Json.text(json, field);
        if (value == null || value.isBlank()) {
            throw Errors.badRequest(ApiFamily.V2, field + " is required");
        }
        return value;
    }

    private static String storage(JsonNode json) {
        JsonNode body = json.get("body");
        String representation = Json.text(body, "representation");
        String value = Json.text(body, "value");
        if (representation == null || value == null) {
            throw Errors.badRequest(ApiFamily.V2, "body.representation and body.value are required");
        }
        if (!representation.equals("storage")) {
            throw Errors.badRequest(ApiFamily.V2, "The simulator accepts body.representation storage only");
        }
        return value;
    }

    private static boolean titleTaken(ContentStore content, String spaceId, String title, String exceptId) {
        return content.pages().stream().anyMatch(p -> p.isCurrent() && p.spaceId().equals(spaceId)
                && p.title().equalsIgnoreCase(title) && !p.id().equals(exceptId));
    }
}
