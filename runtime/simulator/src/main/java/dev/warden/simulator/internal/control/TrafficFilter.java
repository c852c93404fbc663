package dev.warden.simulator.internal.control;

import dev.warden.simulator.internal.ApiFamily;
import dev.warden.simulator.internal.ErrorBodies;
import dev.warden.simulator.internal.Json;
import dev.warden.simulator.internal.SimulatorState;
import dev.warden.simulator.internal.Timestamps;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.Optional;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;

/**
 * Runs before every API request: numbers it for the request log, applies the rate limit, then any injected fault.
 * Delays sleep here, outside the simulator's lock, so a slow fault never stalls other requests.
 */
public final class TrafficFilter implements Handler {
    static final String SEQUENCE = "sim.sequence";
    static final String DROPPED = "sim.dropped";

    private final SimulatorState state;

    public TrafficFilter(SimulatorState state) {
        this.state = state;
    }

    @Override
    public void handle(Context ctx) throws Exception {
        ApiFamily family = ApiFamily.of(ctx.path());
        if (family == ApiFamily.CONTROL) {
            return;
        }
        ctx.attribute(SEQUENCE, state.requests().arrive());
        Optional<RateLimiter.Verdict> verdict = state.rateLimiter().admit();
        if (verdict.isPresent() && !applyRateLimit(ctx, family, verdict.get())) {
            return;
        }
        Optional<Fault> fault = state.faults().fire(ctx.method().name(), ctx.path());
        if (fault.isPresent()) {
            apply(ctx, fault.get());
        }
    }

    /** Sets the rate-limit headers; answers 429 and returns false when the request is over the limit. */
    private static boolean applyRateLimit(Context ctx, ApiFamily family, RateLimiter.Verdict verdict) {
        ctx.header("X-RateLimit-Limit", Integer.toString(verdict.limit()));
        ctx.header("X-RateLimit-Remaining", Integer.toString(verdict.remaining()));
        ctx.header("X-RateLimit-Reset", Timestamps.format(verdict.reset()));
        if (verdict.allowed()) {
            return true;
        }
        ctx.header("Retry-After", Long.toString(verdict.retryAfterSeconds()));
        Json.respond(ctx, 429, tooManyRequests(family));
        ctx.skipRemainingHandlers();
        return false;
    }

    private static String tooManyRequests(ApiFamily family) {
        return switch (family) {
            case V2 -> ErrorBodies.v2(429, "TOO_MANY_REQUESTS", "Rate limit exceeded");
            case V1 -> ErrorBodies.v1(429, "Rate limit exceeded");
            default -> ErrorBodies.compliance("Rate limit exceeded");
        };
    }

    private static void apply(Context ctx, Fault fault) throws InterruptedException {
        if (fault.delayMs() > 0) {
            Thread.sleep(fault.delayMs());
        }
        if (fault.dropConnection()) {
            ctx.attribute(DROPPED, true);
            ServletContextRequest.getServletContextRequest(ctx.req())
                    .getConnectionMetaData().getConnection().getEndPoint().close();
            ctx.skipRemainingHandlers();
            return;
        }
        if (fault.status() != null) {
            if (fault.retryAfter() != null) {
                ctx.header("Retry-After", Integer.toString(fault.retryAfter()));
            }
            String body = fault.body() == null ? "" : fault.body();
            boolean json = Json.parseOrNull(body) != null && !body.isBlank();
            ctx.status(fault.status()).contentType(json ? "application/json" : "text/plain").result(body);
            ctx.skipRemainingHandlers();
        }
    }
}
