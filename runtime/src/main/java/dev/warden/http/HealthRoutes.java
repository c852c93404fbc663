package dev.warden.http;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

import dev.warden.keys.AccessDenied;
import dev.warden.keys.Authenticator;
import dev.warden.keys.Scope;
import dev.warden.rules.RuleCatalog;
import dev.warden.webhooks.HookStatus;
import dev.warden.webhooks.WebhookDispatcher;

/**
 * {@code GET /health}: up, how many rules are loaded and how many files have problems, and the webhook route
 * self-test (hooks bound to rules vs. configured). Public; hook names and rule ids only for a key with rules:read.
 */
public final class HealthRoutes {

    private final RuleCatalog catalog;
    private final String version;
    private final WebhookDispatcher webhooks;
    private final Authenticator auth;

    public HealthRoutes(RuleCatalog catalog, String version, WebhookDispatcher webhooks, Authenticator auth) {
        this.catalog = catalog;
        this.version = version;
        this.webhooks = webhooks;
        this.auth = auth;
    }

    private boolean mayReadRules(Context ctx) {
        String key = Authenticator.presented(ctx.header("x-api-key"), ctx.header("Authorization"));
        if (key == null) {
            return false;
        }
        try {
            return auth.authenticate(key, ClientAddress.of(ctx), "GET /health").grants(Scope.RULES_READ);
        } catch (AccessDenied e) {
            return false;
        }
    }

    public void register(RoutesConfig routes) {
        routes.get("/health", ctx -> {
            RuleCatalog.Snapshot snapshot = catalog.snapshot();
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("status", "UP");
            body.put("version", version);
            body.put("rules", snapshot.rules().size());
            body.put("filesWithProblems", snapshot.problems().size());
            List<HookStatus> hooks = webhooks.selfTest();
            Map<String, Object> selfTest = new LinkedHashMap<>();
            selfTest.put("bound", hooks.stream().filter(h -> h.enabledRules() > 0).count());
            selfTest.put("configured", hooks.stream().filter(HookStatus::configured).count());
            selfTest.put("problems", hooks.stream().mapToLong(h -> h.problems().size()).sum());
            if (mayReadRules(ctx)) {
                selfTest.put("hooks", hooks);
            }
            body.put("webhooks", selfTest);
            ctx.json(body);
        });
    }
}
