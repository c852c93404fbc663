package dev.warden.simulator.internal.content;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.simulator.internal.ApiFamily;
import dev.warden.simulator.internal.Errors;
import dev.warden.simulator.internal.Json;
import io.javalin.http.Context;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The page list shared by {@code GET /pages} and {@code GET /spaces/{id}/pages}: filters ({@code status},
 * {@code title}), {@code sort}, {@code body-format} and cursor pagination.
 */
final class PageListing {
    private static final Map<String, Comparator<Page>> SORTS = Map.of(
            "id", Comparator.comparingLong(Page::numericId),
            "title", Comparator.comparing(Page::title),
            "created-date", Comparator.comparing(Page::createdAt),
            "modified-date", Comparator.comparing(page -> page.current().createdAt()));
    private static final Set<String> STATUSES = Set.of("current", "archived", "deleted", "trashed", "draft");

    private PageListing() {}

    static void respond(Context ctx, ContentGuard guard, Predicate<Page> scope) {
        String bodyFormat = BodyFormats.validate(ctx.queryParam("body-format"));
        Set<String> statuses = Set.copyOf(values(ctx, "status", List.of("current")));
        for (String status : statuses) {
            if (!STATUSES.contains(status)) {
                throw Errors.badRequest(ApiFamily.V2, "Invalid status: " + status);
            }
        }
        String title = ctx.queryParam("title");
        List<Page> pages = guard.visiblePages().stream()
                .filter(scope)
                .filter(page -> statuses.contains(page.status()))
                .filter(page -> title == null || page.title().equals(title))
                .sorted(sort(ctx.queryParam("sort")))
                .toList();
        int limit = Pagination.limit(ctx, ApiFamily.V2, 25, 250);
        Pagination.Slice<Page> slice = Pagination.slice(ctx, ApiFamily.V2, pages, limit);
        guard.viewed(slice.items());
        ObjectNode body = Json.object();
        ArrayNode results = body.putArray("results");
        for (Page page : slice.items()) {
            Space space = guard.site().content().space(page.spaceId()).orElseThrow();
            results.add(PageJson.page(page, page.current(), space, bodyFormat, false, null));
        }
        Pagination.v2Links(ctx, body, slice);
        Json.respond(ctx, 200, body);
    }

    /** A multi-valued parameter, given either repeated or comma-separated. */
    static List<String> values(Context ctx, String name, List<String> fallback) {
        List<String> values = ctx.queryParams(name).stream()
                .flatMap(value -> Arrays.stream(value.split(",")))
                .map(String::trim)
                .filter(value -> !value.isEmpty())
                .toList();
        return values.isEmpty() ? fallback : values;
    }

    private static Comparator<Page> sort(String sort) {
        if (sort == null || sort.isBlank()) {
            return SORTS.get("id");
        }
        boolean descending = sort.startsWith("-");
        Comparator<Page> comparator = SORTS.get(descending ? sort.substring(1) : sort);
        if (comparator == null) {
            throw Errors.badRequest(ApiFamily.V2, "Invalid sort: " + sort);
        }
        comparator = comparator.thenComparingLong(Page::numericId);
        return descending ? comparator.reversed() : comparator;
    }
}
