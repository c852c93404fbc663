package dev.warden.simulator.internal.content;

import dev.warden.simulator.internal.Json;
import dev.warden.simulator.internal.auth.Scopes;
import dev.warden.simulator.internal.auth.SiteRouter;
import io.javalin.http.HandlerType;

/** v1 {@code GET /user/current}: who the credentials belong to. */
public final class UserRoutes {
    private UserRoutes() {}

    public static void register(SiteRouter router) {
        router.v1(HandlerType.GET, "/user/current", Scopes.READ_USER,
                (ctx, site, caller) -> Json.respond(ctx, 200, UserJson.current(caller.user())));
    }
}
