package dev.warden.simulator.internal.search;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.simulator.internal.ApiFamily;
import dev.warden.simulator.internal.Errors;
import dev.warden.simulator.internal.Json;
import dev.warden.simulator.internal.SimulatedSite;
import dev.warden.simulator.internal.Timestamps;
import dev.warden.simulator.internal.auth.Caller;
import dev.warden.simulator.internal.auth.Scopes;
import dev.warden.simulator.internal.auth.SiteRouter;
import dev.warden.simulator.internal.content.BodyFormats;
import dev.warden.simulator.internal.content.ContentGuard;
import dev.warden.simulator.internal.content.Links;
import dev.warden.simulator.internal.content.Page;
import dev.warden.simulator.internal.content.Pagination;
import dev.warden.simulator.internal.content.Space;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.util.List;

/**
 * v1 {@code GET /search}: the CQL subset over the pages the caller may see, paged by cursor only. As on a live site,
 * {@code _links.next} is relative to {@code _links.base} (it starts with {@code /rest/api/search}).
 */
public final class SearchRoutes {
    private SearchRoutes() {}

    public static void register(SiteRouter router) {
        router.v1(HandlerType.GET, "/search", Scopes.SEARCH, SearchRoutes::search);
    }

    private static void search(Context ctx, SimulatedSite site, Caller caller) {
        String cql = ctx.queryParam("cql");
        if (cql == null || cql.isBlank()) {
            throw Errors.badRequest(ApiFamily.V1, "cql is a required parameter");
        }
        CqlQuery query;
        try {
            query = CqlParser.parse(cql, caller.now());
        } catch (CqlException e) {
            throw Errors.badRequest(ApiFamily.V1, "Could not parse cql : " + cql);
        }
        ContentGuard guard = new ContentGuard(site, caller);
        List<SearchItem> matches = guard.visiblePages().stream()
                .filter(Page::isCurrent)
                .map(page -> item(site, page))
                .filter(query.filter())
                .sorted(query.order())
                .toList();
        int limit = Pagination.limit(ctx, ApiFamily.V1, 25, 250);
        Pagination.Slice<SearchItem> slice = Pagination.slice(ctx, ApiFamily.V1, matches, limit);
        slice.items().forEach(item -> guard.viewed(item.page()));
        ObjectNode body = Json.object();
        ArrayNode results = body.putArray("results");
        slice.items().forEach(item -> results.add(SearchJson.result(item, Links.base(ctx))));
        body.put("start", 0).put("limit", limit).put("size", slice.items().size())
                .put("totalSize", matches.size()).put("cqlQuery", cql).put("searchDuration", 1);
        ObjectNode links = body.putObject("_links");
        links.put("base", Links.base(ctx)).put("context", "/wiki");
        if (slice.next() != null) {
            links.put("next", Pagination.nextLink(ctx, slice.next()).substring("/wiki".length()));
        }
        Json.respond(ctx, 200, body);
    }

    private static SearchItem item(SimulatedSite site, Page page) {
        Space space = site.content().space(page.spaceId()).orElseThrow();
        List<String> ancestors = site.content().ancestors(page).stream().map(Page::id).toList();
        return new SearchItem(page, space, ancestors);
    }

    /** The v1 search result object. */
    private static final class SearchJson {
        private static ObjectNode result(SearchItem item, String base) {
            Page page = item.page();
            ObjectNode json = Json.object();
            ObjectNode content = json.putObject("content");
            content.put("id", page.id()).put("type", "page").put("status", page.status()).put("title", page.title());
            content.putObject("_links")
                    .put("webui", Links.webui(item.space(), page))
                    .put("tinyui", Links.tinyui(page))
                    .put("self", base + "/rest/api/content/" + page.id());
            String text = BodyFormats.plainText(page.current().body());
            json.put("title", page.title())
                    .put("excerpt", text.length() > 120 ? text.substring(0, 120) : text)
                    .put("url", Links.webui(item.space(), page));
            json.putObject("resultGlobalContainer")
                    .put("title", item.space().name())
                    .put("displayUrl", "/spaces/" + item.space().key());
            json.put("entityType", "content")
                    .put("iconCssClass", "aui-icon content-type-page")
                    .put("lastModified", Timestamps.format(page.current().createdAt()))
                    .put("score", 0.0);
            return json;
        }
    }
}
