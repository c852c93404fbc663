package dev.warden.simulator.internal.compliance;

import dev.warden.simulator.internal.ApiError;
import dev.warden.simulator.internal.ErrorBodies;
import dev.warden.simulator.internal.SimulatedSite;
import dev.warden.simulator.internal.SimulatorState;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.time.Instant;

/** Registers Compliance endpoints under {@code /compliance/api/v1} behind {@code x-api-key} and the lock. */
public final class ComplianceRouter {
    public static final String BASE = "/compliance/api/v1";

    private final RoutesConfig routes;
    private final SimulatorState state;

    public ComplianceRouter(RoutesConfig routes, SimulatorState state) {
        this.routes = routes;
        this.state = state;
    }

    public void add(HandlerType method, String path, Handler handler) {
        routes.addHttpHandler(method, BASE + path, ctx -> {
            synchronized (state) {
                SimulatedSite site = state.site();
                Instant now = state.clock().now();
                ComplianceKey key = authenticate(ctx, site, now);
                handler.handle(ctx, new KeyHolder(site, key, site.directory().byAccountId(key.ownerAccountId()), now));
            }
        });
    }

    /** 401 names which of missing, invalid, revoked or expired applies. */
    private static ComplianceKey authenticate(Context ctx, SimulatedSite site, Instant now) {
        String secret = ctx.header("x-api-key");
        if (secret == null || secret.isBlank()) {
            throw unauthorized("Missing API key: send it in the x-api-key header");
        }
        ComplianceKey key = site.compliance().key(secret.trim())
                .orElseThrow(() -> unauthorized("Invalid API key"));
        if (key.revoked()) {
            throw unauthorized("API key '" + key.name() + "' has been revoked");
        }
        if (key.expired(now)) {
            throw unauthorized("API key '" + key.name() + "' has expired");
        }
        return key;
    }

    private static ApiError unauthorized(String message) {
        return ApiError.json(401, ErrorBodies.compliance(message));
    }

    /** A Compliance endpoint, called with an authenticated key under the simulator's lock. */
    @FunctionalInterface
    public interface Handler {
        void handle(Context ctx, KeyHolder holder) throws Exception;
    }
}
