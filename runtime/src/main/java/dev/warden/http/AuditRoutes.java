package dev.warden.http;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.javalin.config.RoutesConfig;

import dev.warden.audit.AuditEntry;
import dev.warden.audit.AuditLog;

/** {@code GET /api/v1/audit}: the audit trail, newest first, with {@code ?action=} and a cursor. */
public final class AuditRoutes {

    private final AuditLog audit;

    public AuditRoutes(AuditLog audit) {
        this.audit = audit;
    }

    public void register(RoutesConfig routes) {
        routes.get("/api/v1/audit", ctx -> {
            int limit = Queries.intParam(ctx, "limit", 50, 1, 500);
            List<AuditEntry> page = audit.list(Queries.text(ctx, "action"), Queries.text(ctx, "before"), limit);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("entries", page);
            body.put("next", page.size() == limit ? page.getLast().id() : null);
            ctx.json(body);
        });
    }
}
