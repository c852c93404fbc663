package dev.warden.http;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

import dev.warden.keys.Authenticator;
import dev.warden.keys.Caller;
import dev.warden.keys.Scope;
import dev.warden.rules.RuleCatalog;
import dev.warden.webhooks.HookStatus;
import dev.warden.webhooks.WebhookDispatcher;

/**
 * {@code GET /health}: up, how many rules are loaded and how many files have problems, and the webhook route
 * self-test (hooks bound to rules vs. configured). Public; hook names and rule ids only for a key with rules:read
 * (within its limits). A key that is presented must be valid.
 */
public final class HealthRoutes {

    private final RuleCatalog catalog;
    private final String version;
    private final WebhookDispatcher webhooks;
    private final Authenticator auth;
    private final IntSupplier stuckRuns;

    /** @param stuckRuns runs stopped long ago whose code still runs ({@code RuleEngine.stuckRuns}) */
    public HealthRoutes(RuleCatalog catalog, String version, WebhookDispatcher webhooks, Authenticator auth,
                        IntSupplier stuckRuns) {
        this.catalog = catalog;
        this.version = version;
        this.webhooks = webhooks;
        this.auth = auth;
        this.stuckRuns = stuckRuns;
    }

    /**
     * The caller of a request that presented a key, or null without one. A key that is invalid, expired or revoked
     * is refused with 401 as on every other route (and counted by the failed-authentication throttle), so that a
     * monitor with a stale key sees the failure instead of a health check that passes while its address is throttled.
     */
    private Caller caller(Context ctx) {
        String address = ClientAddress.of(ctx);
        String key = auth.presented(AuthFilter.headers(ctx, "x-api-key"), AuthFilter.headers(ctx, "Authorization"),
                address, "GET /health");
        return key == null ? null : auth.authenticate(key, address, "GET /health");
    }

    public void register(RoutesConfig routes) {
        routes.get("/health", ctx -> {
            RuleCatalog.Snapshot snapshot = catalog.snapshot();
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("status", "UP");
            body.put("version", version);
            body.put("rules", snapshot.rules().size());
            body.put("filesWithProblems", snapshot.problems().size());
            body.put("stuckRuns", stuckRuns.getAsInt());
            List<HookStatus> hooks = webhooks.selfTest();
            Map<String, Object> selfTest = new LinkedHashMap<>();
            selfTest.put("bound", hooks.stream().filter(h -> h.enabledRules() > 0).count());
            selfTest.put("configured", hooks.stream().filter(HookStatus::configured).count());
            selfTest.put("problems", hooks.stream().mapToLong(h -> h.problems().size()).sum());
            Caller caller = caller(ctx);
            if (caller != null && caller.grants(Scope.RULES_READ)) {
                selfTest.put("hooks", hooks.stream().filter(h -> visible(h, caller)).toList());
            }
            body.put("webhooks", selfTest);
            ctx.json(body);
        });
    }

    /**
     * Whether a caller sees a hook in the self-test: a key limited to some rules or webhooks sees only the hooks it
     * may call that have rules, all of them among its own (a hook's counts and problems speak of all its rules).
     */
    private static boolean visible(HookStatus hook, Caller caller) {
        boolean limited = caller.key() != null && (!caller.key().rules().isEmpty() || !caller.key().hooks().isEmpty());
        return !limited || caller.allowsHook(hook.name()) && !hook.rules().isEmpty()
                && hook.rules().stream().allMatch(caller::allowsRule);
    }
}
