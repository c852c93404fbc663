package dev.warden.simulator.internal.auth;

import dev.warden.simulator.internal.ApiFamily;
import dev.warden.simulator.internal.SimulatedSite;
import dev.warden.simulator.internal.SimulatorState;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;

/**
 * Registers each Confluence endpoint twice, on the site URL and under the scoped-token gateway prefix
 * {@code /ex/confluence/{cloudId}}, behind authentication and the simulator's lock.
 */
public final class SiteRouter {
    public static final String GATEWAY_PREFIX = "/ex/confluence/{cloudId}";
    private static final String V1 = "/wiki/rest/api";
    private static final String V2 = "/wiki/api/v2";

    private final RoutesConfig routes;
    private final SimulatorState state;

    public SiteRouter(RoutesConfig routes, SimulatorState state) {
        this.routes = routes;
        this.state = state;
    }

    public void v1(HandlerType method, String path, String scope, SiteHandler handler) {
        register(method, V1 + path, ApiFamily.V1, scope, handler);
    }

    public void v2(HandlerType method, String path, String scope, SiteHandler handler) {
        register(method, V2 + path, ApiFamily.V2, scope, handler);
    }

    private void register(HandlerType method, String path, ApiFamily family, String scope, SiteHandler handler) {
        Handler wrapped = ctx -> {
            synchronized (state) {
                SimulatedSite site = state.site();
                Caller caller = SiteAuthenticator.authenticate(ctx, site, family, scope, state.clock().now());
                handler.handle(ctx, site, caller);
            }
        };
        routes.addHttpHandler(method, path, wrapped);
        routes.addHttpHandler(method, GATEWAY_PREFIX + path, wrapped);
    }
}
