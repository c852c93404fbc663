package dev.warden.http;

import java.util.Map;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

import dev.warden.plugins.PluginHost;
import dev.warden.plugins.PluginInfo;

/**
 * The plugins API: list with states and failures, one plugin, stop and start at run time. Meant for scope
 * {@code admin} (changes) and {@code rules:read} (reads) once API keys exist.
 */
public final class PluginRoutes {

    private final PluginHost plugins;

    public PluginRoutes(PluginHost plugins) {
        this.plugins = plugins;
    }

    public void register(RoutesConfig routes) {
        routes.get("/api/v1/plugins", ctx -> ctx.json(Map.of("plugins", plugins.plugins())));
        routes.get("/api/v1/plugins/{id}", ctx -> ctx.json(guard(ctx, () -> plugins.plugin(ctx.pathParam("id")))));
        routes.post("/api/v1/plugins/{id}/stop", ctx -> ctx.json(guard(ctx, () -> plugins.stop(ctx.pathParam("id")))));
        routes.post("/api/v1/plugins/{id}/start",
                ctx -> ctx.json(guard(ctx, () -> plugins.start(ctx.pathParam("id")))));
    }

    private static PluginInfo guard(Context ctx, java.util.function.Supplier<PluginInfo> action) {
        try {
            return action.get();
        } catch (IllegalArgumentException e) {
            throw new ApiException(404, "NOT_FOUND", e.getMessage() + "; GET /api/v1/plugins lists them");
        } catch (IllegalStateException e) {
            throw new ApiException(409, "NOT_ENABLED", e.getMessage());
        }
    }
}
