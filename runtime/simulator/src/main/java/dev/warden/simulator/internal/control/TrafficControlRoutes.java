package dev.warden.simulator.internal.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.simulator.SimulatorOptions.RateLimit;
import dev.warden.simulator.internal.Json;
import dev.warden.simulator.internal.SimulatorState;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.Optional;

/** The {@code /__sim} control API for traffic: the request log, injected faults and the rate limit. */
public final class TrafficControlRoutes {
    private TrafficControlRoutes() {}

    public static void register(RoutesConfig routes, SimulatorState state) {
        routes.get("/__sim/requests", ctx -> requests(ctx, state.requests()));
        routes.delete("/__sim/requests", ctx -> {
            state.requests().clear();
            ctx.status(204);
        });
        routes.get("/__sim/faults", ctx -> {
            ArrayNode faults = Json.array();
            state.faults().activeWithCounts().forEach(f -> faults.add(json(f.fault(), f.fired())));
            Json.respond(ctx, 200, faults);
        });
        routes.post("/__sim/faults", ctx -> {
            Fault fault = fault(ControlBodies.object(ctx), state.faults().nextId());
            state.faults().add(fault);
            Json.respond(ctx, 201, json(fault, 0));
        });
        routes.delete("/__sim/faults", ctx -> {
            state.faults().clear();
            ctx.status(204);
        });
        routes.delete("/__sim/faults/{id}", ctx -> ctx.status(state.faults().remove(ctx.pathParam("id")) ? 204 : 404));
        routes.get("/__sim/rate-limit", ctx -> Json.respond(ctx, 200, rateLimit(state.rateLimiter().limit())));
        routes.post("/__sim/rate-limit", ctx -> {
            JsonNode body = ControlBodies.object(ctx);
            Integer requests = ControlBodies.optionalInt(body, "requests");
            Integer seconds = ControlBodies.optionalInt(body, "windowSeconds");
            if (requests == null || requests < 1 || seconds == null || seconds < 1) {
                throw ControlBodies.badRequest("requests and windowSeconds must be positive whole numbers");
            }
            state.rateLimiter().configure(new RateLimit(requests, Duration.ofSeconds(seconds)));
            Json.respond(ctx, 200, rateLimit(state.rateLimiter().limit()));
        });
        routes.delete("/__sim/rate-limit", ctx -> {
            state.rateLimiter().configure(null);
            ctx.status(204);
        });
    }

    private static void requests(Context ctx, RequestLog log) {
        ArrayNode entries = Json.array();
        for (RecordedRequest request : log.oldestFirst()) {
            ObjectNode entry = entries.addObject()
                    .put("method", request.method())
                    .put("path", request.path())
                    .put("query", request.query())
                    .put("status", request.status());
            ObjectNode headers = entry.putObject("headers");
            request.headers().forEach(headers::put);
        }
        Json.respond(ctx, 200, entries);
    }

    private static Fault fault(JsonNode body, String id) {
        String path = Json.text(body, "path");
        if (path == null || path.isBlank() || !path.startsWith("/")) {
            throw ControlBodies.badRequest("path is required and must start with /");
        }
        Integer delay = ControlBodies.optionalInt(body, "delayMs");
        Integer status = ControlBodies.optionalInt(body, "status");
        boolean drop = body.path("dropConnection").asBoolean(false);
        Integer times = ControlBodies.optionalInt(body, "times");
        Double fraction = body.hasNonNull("fraction") ? body.get("fraction").asDouble() : null;
        if ((delay == null || delay <= 0) && status == null && !drop) {
            throw ControlBodies.badRequest("a fault needs delayMs, status or dropConnection");
        }
        if (status != null && (status < 100 || status > 599)) {
            throw ControlBodies.badRequest("status must be 100..599");
        }
        if (times != null && times < 1) {
            throw ControlBodies.badRequest("times must be at least 1");
        }
        if (fraction != null && (fraction <= 0 || fraction > 1)) {
            throw ControlBodies.badRequest("fraction must be in (0, 1]");
        }
        return new Fault(id, Json.text(body, "method"), path, delay == null ? 0 : delay, status,
                Json.text(body, "body"), ControlBodies.optionalInt(body, "retryAfter"), drop, times, fraction);
    }

    private static ObjectNode json(Fault fault, long fired) {
        ObjectNode json = Json.object()
                .put("id", fault.id())
                .put("method", fault.method())
                .put("path", fault.path())
                .put("delayMs", fault.delayMs())
                .put("status", fault.status())
                .put("body", fault.body())
                .put("retryAfter", fault.retryAfter())
                .put("dropConnection", fault.dropConnection())
                .put("times", fault.times())
                .put("fraction", fault.fraction());
        return json.put("fired", fired);
    }

    private static ObjectNode rateLimit(Optional<RateLimit> limit) {
        ObjectNode json = Json.object().put("enabled", limit.isPresent());
        limit.ifPresent(l -> json.put("requests", l.requests()).put("windowSeconds", l.window().toSeconds()));
        return json;
    }
}
