package dev.warden.simulator.internal.adminkey;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.simulator.internal.ApiFamily;
import dev.warden.simulator.internal.Errors;
import dev.warden.simulator.internal.Json;
import dev.warden.simulator.internal.SimulatedSite;
import dev.warden.simulator.internal.Timestamps;
import dev.warden.simulator.internal.auth.Caller;
import dev.warden.simulator.internal.auth.Scopes;
import dev.warden.simulator.internal.auth.SiteRouter;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.time.Duration;
import java.time.Instant;

/**
 * v2 {@code /admin-key}, section 2 of the API facts page: only org or site admins on Premium or Enterprise sites; everyone
 * else gets the v2 404, as if the endpoint did not exist.
 */
public final class AdminKeyRoutes {
    static final int DEFAULT_MINUTES = 10;
    static final int MAX_MINUTES = 60;

    private AdminKeyRoutes() {}

    public static void register(SiteRouter router) {
        router.v2(HandlerType.GET, "/admin-key", Scopes.READ_CONFIGURATION, (ctx, site, caller) -> {
            requireEligible(site, caller);
            Instant expiry = site.adminKeys().active(caller.user().accountId(), caller.now())
                    .orElseThrow(() -> Errors.notFound(ApiFamily.V2));
            Json.respond(ctx, 200, key(caller, expiry));
        });
        router.v2(HandlerType.POST, "/admin-key", Scopes.WRITE_CONFIGURATION, (ctx, site, caller) -> {
            requireEligible(site, caller);
            int minutes = minutes(ctx);
            Instant expiry = caller.now().plus(Duration.ofMinutes(minutes));
            site.adminKeys().issue(caller.user().accountId(), expiry);
            site.audit().adminKeyEnabled(caller.user(), caller.remoteAddress(), caller.now(), expiry, minutes);
            Json.respond(ctx, 200, key(caller, expiry));
        });
        router.v2(HandlerType.DELETE, "/admin-key", Scopes.WRITE_CONFIGURATION, (ctx, site, caller) -> {
            requireEligible(site, caller);
            if (site.adminKeys().revoke(caller.user().accountId(), caller.now())) {
                site.audit().adminKeyDisabled(caller.user(), caller.remoteAddress(), caller.now());
            }
            ctx.status(204);
        });
    }

    private static void requireEligible(SimulatedSite site, Caller caller) {
        if (!caller.user().mayHoldAdminKey() || !site.settings().plan().hasAdminKey()) {
            throw Errors.notFound(ApiFamily.V2);
        }
    }

    /** Empty body, no field, null or 0 mean the default; anything outside 0..60 is a 400. */
    private static int minutes(Context ctx) {
        String body = ctx.body();
        if (body == null || body.isBlank()) {
            return DEFAULT_MINUTES;
        }
        JsonNode json = Json.parseOrNull(body);
        if (json == null || !json.isObject()) {
            throw Errors.badRequest(ApiFamily.V2, "Request body must be a JSON object");
        }
        JsonNode duration = json.get("durationInMinutes");
        if (duration == null || duration.isNull()) {
            return DEFAULT_MINUTES;
        }
        if (!duration.isIntegralNumber() || !duration.canConvertToInt()) {
            throw Errors.badRequest(ApiFamily.V2, "durationInMinutes must be a whole number of minutes");
        }
        int minutes = duration.asInt();
        if (minutes < 0 || minutes > MAX_MINUTES) {
            throw Errors.badRequest(ApiFamily.V2,
                    "durationInMinutes must be between 0 and " + MAX_MINUTES + ", was " + minutes);
        }
        return minutes == 0 ? DEFAULT_MINUTES : minutes;
    }

    private static ObjectNode key(Caller caller, Instant expiry) {
        return Json.object()
                .put("accountId", caller.user().accountId())
                .put("expirationTime", Timestamps.format(expiry));
    }
}
