package dev.warden.http;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.javalin.config.RoutesConfig;

import dev.warden.Echo;
import dev.warden.audit.AuditEntry;
import dev.warden.audit.AuditLog;

/**
 * {@code GET /api/v1/audit}: the audit trail, newest first, with {@code ?action=} and a cursor; {@code ?trail=leases}
 * (with {@code ?run=}) answers the admin-key lease trail from the same place.
 */
public final class AuditRoutes {

    private final AuditLog audit;
    private final dev.warden.leases.LeaseStore leases;

    public AuditRoutes(AuditLog audit) {
        this(audit, null);
    }

    public AuditRoutes(AuditLog audit, dev.warden.leases.LeaseStore leases) {
        this.audit = audit;
        this.leases = leases;
    }

    public void register(RoutesConfig routes) {
        routes.get("/api/v1/audit", ctx -> {
            String trail = Queries.text(ctx, "trail");
            if (trail != null && !trail.equals("leases")) {
                throw ApiException.badRequest("trail must be 'leases' (the admin-key lease trail) or absent (the main "
                        + "audit trail), got '" + Echo.of(trail) + "'");
            }
            if (trail != null && leases != null) {
                int limit = Queries.intParam(ctx, "limit", 100, 1, 1000);
                ctx.json(Map.of("entries", leases.auditTrail(Queries.text(ctx, "run"), Queries.text(ctx, "action"),
                        limit)));
                return;
            }
            int limit = Queries.intParam(ctx, "limit", 50, 1, 500);
            List<AuditEntry> page = audit.list(Queries.text(ctx, "action"), Queries.cursor(ctx), limit);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("entries", page);
            body.put("next", page.size() == limit ? page.getLast().id() : null);
            ctx.json(body);
        });
    }
}
