package dev.warden.simulator.internal.content;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.simulator.internal.ApiFamily;
import dev.warden.simulator.internal.Errors;
import dev.warden.simulator.internal.Json;
import dev.warden.simulator.internal.auth.Scopes;
import dev.warden.simulator.internal.auth.SiteRouter;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/** v2 page reads: {@code GET /pages}, {@code GET /pages/{id}}, {@code GET /pages/{id}/labels}. */
public final class PageRoutes {
    private PageRoutes() {}

    public static void register(SiteRouter router) {
        router.v2(HandlerType.GET, "/pages", Scopes.READ_PAGE, (ctx, site, caller) -> {
            Set<String> spaceIds = Set.copyOf(PageListing.values(ctx, "space-id", List.of()));
            Set<String> ids = Set.copyOf(PageListing.values(ctx, "id", List.of()));
            numeric(spaceIds, "space-id");
            numeric(ids, "id");
            PageListing.respond(ctx, new ContentGuard(site, caller), page ->
                    (spaceIds.isEmpty() || spaceIds.contains(page.spaceId()))
                            && (ids.isEmpty() || ids.contains(page.id())));
        });
        router.v2(HandlerType.GET, "/pages/{id}", Scopes.READ_PAGE,
                (ctx, site, caller) -> get(ctx, new ContentGuard(site, caller)));
        router.v2(HandlerType.GET, "/pages/{id}/labels", Scopes.READ_LABEL,
                (ctx, site, caller) -> labels(ctx, new ContentGuard(site, caller)));
    }

    private static void get(Context ctx, ContentGuard guard) {
        Page page = guard.page(ctx.pathParam("id"));
        String bodyFormat = BodyFormats.validate(ctx.queryParam("body-format"));
        PageVersion version = page.current();
        String requested = ctx.queryParam("version");
        if (requested != null && !requested.isBlank()) {
            try {
                version = page.version(Integer.parseInt(requested.trim()))
                        .orElseThrow(() -> Errors.contentNotFound(ApiFamily.V2, page.id()));
            } catch (NumberFormatException e) {
                throw Errors.badRequest(ApiFamily.V2, "version must be a number");
            }
        }
        Space space = guard.site().content().space(page.spaceId()).orElseThrow();
        boolean withLabels = Boolean.parseBoolean(ctx.queryParam("include-labels"));
        guard.viewed(page);
        Json.respond(ctx, 200, PageJson.page(page, version, space, bodyFormat, withLabels, Links.base(ctx)));
    }

    private static void labels(Context ctx, ContentGuard guard) {
        Page page = guard.page(ctx.pathParam("id"));
        String prefix = ctx.queryParam("prefix");
        Comparator<Label> order = Comparator.comparingLong(label -> Long.parseLong(label.id()));
        String sort = ctx.queryParam("sort");
        if (sort != null && !sort.isBlank()) {
            order = switch (sort) {
                case "name" -> Comparator.comparing(Label::name);
                case "-name" -> Comparator.comparing(Label::name).reversed();
                case "id", "created-date" -> order;
                case "-id", "-created-date" -> order.reversed();
                default -> throw Errors.badRequest(ApiFamily.V2, "Invalid sort: " + sort);
            };
        }
        List<Label> labels = page.labels().stream()
                .filter(label -> prefix == null || label.prefix().equals(prefix))
                .sorted(order)
                .toList();
        Pagination.Slice<Label> slice =
                Pagination.slice(ctx, ApiFamily.V2, labels, Pagination.limit(ctx, ApiFamily.V2, 25, 250));
        guard.viewed(page);
        ObjectNode body = Json.object();
        ArrayNode results = body.putArray("results");
        slice.items().forEach(label -> results.add(PageJson.label(label)));
        Pagination.v2Links(ctx, body, slice);
        Json.respond(ctx, 200, body);
    }

    static void numeric(Set<String> values, String parameter) {
        for (String value : values) {
            if (!value.chars().allMatch(Character::isDigit)) {
                throw Errors.badRequest(ApiFamily.V2, "Invalid " + parameter + ": " + value);
            }
        }
    }
}
