package dev.warden.simulator.internal.control;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.simulator.internal.ApiError;
import dev.warden.simulator.internal.ErrorBodies;
import dev.warden.simulator.internal.Json;
import io.javalin.http.Context;

/** Request-body helpers for the control API; its errors are {@code {"message": ...}} with 400. */
final class ControlBodies {
    private ControlBodies() {}

    static JsonNode object(Context ctx) {
        String body = ctx.body();
        if (body == null || body.isBlank()) {
            return Json.object();
        }
        JsonNode json = Json.parseOrNull(body);
        if (json == null || !json.isObject()) {
            throw badRequest("body must be a JSON object");
        }
        return json;
    }

    static ApiError badRequest(String message) {
        return ApiError.json(400, ErrorBodies.compliance(message));
    }

    static Integer optionalInt(JsonNode json, String field) {
        JsonNode value = json.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.canConvertToInt() || !value.isIntegralNumber()) {
            throw badRequest(field + " must be a whole number");
        }
        return value.asInt();
    }
}
