package dev.warden.simulator.internal.audit;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.simulator.internal.ApiFamily;
import dev.warden.simulator.internal.Errors;
import dev.warden.simulator.internal.Json;
import dev.warden.simulator.internal.auth.Scopes;
import dev.warden.simulator.internal.auth.SiteRouter;
import dev.warden.simulator.internal.content.Links;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** v1 {@code GET /audit}, newest first; only Confluence administrators (the org admin) may read it. */
public final class AuditRoutes {
    private AuditRoutes() {}

    public static void register(SiteRouter router) {
        router.v1(HandlerType.GET, "/audit", Scopes.READ_AUDIT, (ctx, site, caller) -> {
            if (!caller.user().isOrgAdmin()) {
                throw Errors.forbidden(ApiFamily.V1,
                        "Could not view audit records: the user is not a Confluence administrator");
            }
            respond(ctx, site.audit().records());
        });
    }

    private static void respond(Context ctx, List<AuditRecord> all) {
        long startDate = number(ctx, "startDate", Long.MIN_VALUE);
        long endDate = number(ctx, "endDate", Long.MAX_VALUE);
        String search = ctx.queryParam("searchString");
        int start = (int) number(ctx, "start", 0);
        int limit = (int) number(ctx, "limit", 1000);
        List<AuditRecord> newestFirst = new ArrayList<>(all);
        Collections.reverse(newestFirst);
        List<AuditRecord> matching = newestFirst.stream()
                .filter(r -> r.creationDate().toEpochMilli() >= startDate)
                .filter(r -> r.creationDate().toEpochMilli() <= endDate)
                .filter(r -> search == null || search.isBlank() || mentions(r, search))
                .sorted(Comparator.comparing(AuditRecord::creationDate).reversed())
                .toList();
        List<AuditRecord> page = matching.stream().skip(Math.max(0, start)).limit(Math.max(0, limit)).toList();
        ObjectNode body = Json.object();
        ArrayNode results = body.putArray("results");
        page.forEach(record -> results.add(json(record)));
        body.put("start", start).put("limit", limit).put("size", page.size());
        body.putObject("_links").put("base", Links.base(ctx)).put("context", "/wiki");
        Json.respond(ctx, 200, body);
    }

    private static ObjectNode json(AuditRecord record) {
        ObjectNode json = Json.object();
        json.putObject("author")
                .put("type", "user")
                .put("accountId", record.authorAccountId())
                .put("displayName", record.authorDisplayName());
        json.put("remoteAddress", record.remoteAddress())
                .put("creationDate", record.creationDate().toEpochMilli())
                .put("summary", record.summary())
                .put("description", record.description())
                .put("category", record.category())
                .put("sysAdmin", false);
        json.putObject("affectedObject").put("name", record.affectedName()).put("objectType", record.affectedType());
        json.putArray("changedValues");
        json.putArray("associatedObjects");
        return json;
    }

    private static boolean mentions(AuditRecord record, String search) {
        String needle = search.toLowerCase(Locale.ROOT);
        return String.join("\n", record.summary(), record.description(), record.authorDisplayName(),
                record.affectedName()).toLowerCase(Locale.ROOT).contains(needle);
    }

    private static long number(Context ctx, String name, long fallback) {
        String text = ctx.queryParam(name);
        if (text == null || text.isBlank()) {
            return fallback;
        }
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw Errors.badRequest(ApiFamily.V1, name + " must be a number");
        }
    }
}
