package dev.warden.simulator.internal.content;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.simulator.internal.ApiFamily;
import dev.warden.simulator.internal.Errors;
import dev.warden.simulator.internal.Json;
import dev.warden.simulator.internal.SimulatedSite;
import dev.warden.simulator.internal.auth.Scopes;
import dev.warden.simulator.internal.auth.SiteRouter;
import dev.warden.simulator.internal.directory.Group;
import dev.warden.simulator.internal.directory.User;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.util.ArrayList;
import java.util.List;

/**
 * v1 {@code /content/{id}/restriction}: GET reads, PUT replaces all, POST adds, DELETE removes all. Changing them
 * needs permission to edit the page (or an admin key).
 */
public final class RestrictionRoutes {
    private static final String PATH = "/content/{id}/restriction";

    private RestrictionRoutes() {}

    public static void register(SiteRouter router) {
        router.v1(HandlerType.GET, PATH, Scopes.READ_RESTRICTION, (ctx, site, caller) -> {
            ContentGuard guard = new ContentGuard(site, caller);
            Page page = guard.page(ctx.pathParam("id"));
            guard.touched(page, "restrictions viewed");
            Json.respond(ctx, 200, RestrictionJson.of(page, site.directory(), Links.base(ctx)));
        });
        router.v1(HandlerType.PUT, PATH, Scopes.WRITE_RESTRICTION, (ctx, site, caller) -> change(ctx,
                new ContentGuard(site, caller), true));
        router.v1(HandlerType.POST, PATH, Scopes.WRITE_RESTRICTION, (ctx, site, caller) -> change(ctx,
                new ContentGuard(site, caller), false));
        router.v1(HandlerType.DELETE, PATH, Scopes.WRITE_RESTRICTION, (ctx, site, caller) -> {
            ContentGuard guard = new ContentGuard(site, caller);
            Page page = editable(ctx, guard);
            page.read().clear();
            page.update().clear();
            guard.touched(page, "restrictions updated");
            Json.respond(ctx, 200, RestrictionJson.of(page, site.directory(), Links.base(ctx)));
        });
    }

    private static void change(Context ctx, ContentGuard guard, boolean replace) {
        Page page = editable(ctx, guard);
        List<Entry> entries = parse(ctx.body(), guard.site());
        if (replace) {
            page.read().clear();
            page.update().clear();
        }
        for (Entry entry : entries) {
            Restriction restriction = page.restriction(entry.operation());
            entry.users().forEach(user -> restriction.users().add(user.accountId()));
            entry.groups().forEach(group -> restriction.groups().add(group.name()));
        }
        guard.touched(page, "restrictions updated");
        Json.respond(ctx, 200, RestrictionJson.of(page, guard.site().directory(), Links.base(ctx)));
    }

    private static Page editable(Context ctx, ContentGuard guard) {
        Page page = guard.page(ctx.pathParam("id"));
        if (!guard.mayEdit(page)) {
            throw Errors.forbidden(ApiFamily.V1, "User not permitted to update restrictions on this content");
        }
        return page;
    }

    private static List<Entry> parse(String body, SimulatedSite site) {
        JsonNode json = Json.parseOrNull(body);
        if (json != null && json.isObject() && json.has("results")) {
            json = json.get("results");
        }
        if (json == null || !json.isArray()) {
            throw Errors.badRequest(ApiFamily.V1, "Expected an array of {operation, restrictions}");
        }
        List<Entry> entries = new ArrayList<>();
        for (JsonNode node : json) {
            String operation = Json.text(node, "operation");
            if (!RestrictionJson.OPERATIONS.contains(operation)) {
                throw Errors.badRequest(ApiFamily.V1, "Invalid operation: " + operation);
            }
            JsonNode restrictions = node.path("restrictions");
            List<User> users = new ArrayList<>();
            for (JsonNode user : items(restrictions.path("user"))) {
                String accountId = Json.text(user, "accountId");
                users.add(site.directory().byAccountId(accountId == null ? "" : accountId)
                        .orElseThrow(() -> Errors.badRequest(ApiFamily.V1, "Unknown user: " + accountId)));
            }
            List<Group> groups = new ArrayList<>();
            for (JsonNode group : items(restrictions.path("group"))) {
                String name = Json.text(group, "name");
                groups.add(site.directory().group(name == null ? "" : name)
                        .orElseThrow(() -> Errors.badRequest(ApiFamily.V1, "Unknown group: " + name)));
            }
            entries.add(new Entry(operation, users, groups));
        }
        return entries;
    }

    /** Accepts both the request shape (a plain array) and the response shape ({@code {results: [...]}}). */
    private static JsonNode items(JsonNode node) {
        return node.isObject() && node.has("results") ? node.get("results") : node;
    }

    private record Entry(String operation, List<User> users, List<Group> groups) {}
}
