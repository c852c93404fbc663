package dev.warden.http;

import java.util.LinkedHashMap;
import java.util.Map;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

import dev.warden.leases.LeaseManager;
import dev.warden.leases.LeaseStore;

/** Leases and their audit trail: active leases, the audit, the kill switch. */
public final class LeaseRoutes {

    private final LeaseManager leases;
    private final LeaseStore store;

    public LeaseRoutes(LeaseManager leases, LeaseStore store) {
        this.leases = leases;
        this.store = store;
    }

    /** @param leases the lease manager, or null when no admin-key provider is configured */
    public void register(RoutesConfig routes) {
        routes.get("/api/v1/leases", ctx -> ctx.json(leases == null
                ? Map.of("leases", java.util.List.of(), "revoked", false, "available", false)
                : Map.of("leases", leases.listed(), "revoked", leases.revoked(), "available", true)));
        routes.get("/api/v1/leases/audit", this::audit);
        routes.post("/api/v1/leases/revoke-all", ctx -> {
            requireManager();
            boolean off = leases.revokeAll("api");
            ctx.json(Map.of("revoked", true, "keyDisabled", off, "message", (off ? "the admin key is disabled"
                    : "no request carries the admin key any more; Confluence has not confirmed the key off yet and "
                    + "Warden keeps disabling it") + ", leased runs are cancelled and new leases are refused until "
                    + "POST /api/v1/leases/restore"));
        });
        routes.post("/api/v1/leases/restore", ctx -> {
            requireManager();
            leases.restore("api");
            ctx.json(Map.of("revoked", false));
        });
    }

    private void requireManager() {
        if (leases == null) {
            throw new ApiException(409, "NO_ADMIN_KEY_PROVIDER", "no admin-key provider is configured: enable the "
                    + "admin-key plugin and set the Confluence credentials");
        }
    }

    private void audit(Context ctx) {
        // The same limit, read the same way, as GET /api/v1/audit?trail=leases.
        int limit = Queries.intParam(ctx, "limit", 100, 1, 1000);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("entries", store.auditTrail(ctx.queryParam("run"), ctx.queryParam("action"), limit));
        ctx.json(body);
    }
}
