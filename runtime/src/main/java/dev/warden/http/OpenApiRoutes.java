package dev.warden.http;

import java.util.List;
import java.util.function.Supplier;

import io.javalin.config.RoutesConfig;

/** {@code GET /api/openapi.json}: the OpenAPI document of the routes this server registered. Public. */
public final class OpenApiRoutes {

    private final Supplier<List<RouteInfo>> routes;
    private final String version;

    public OpenApiRoutes(Supplier<List<RouteInfo>> routes, String version) {
        this.routes = routes;
        this.version = version;
    }

    public void register(RoutesConfig config) {
        config.get("/api/openapi.json", ctx -> ctx.json(OpenApi.document(routes.get(), version)));
    }
}
