package dev.warden.http;

import java.util.LinkedHashMap;
import java.util.Map;

import io.javalin.config.RoutesConfig;

import dev.warden.rules.RuleCatalog;

/** {@code GET /health}: up, how many rules are loaded and how many files have problems. */
public final class HealthRoutes {

    private final RuleCatalog catalog;
    private final String version;

    public HealthRoutes(RuleCatalog catalog, String version) {
        this.catalog = catalog;
        this.version = version;
    }

    public void register(RoutesConfig routes) {
        routes.get("/health", ctx -> {
            RuleCatalog.Snapshot snapshot = catalog.snapshot();
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("status", "UP");
            body.put("version", version);
            body.put("rules", snapshot.rules().size());
            body.put("filesWithProblems", snapshot.problems().size());
            ctx.json(body);
        });
    }
}
