package dev.warden.simulator.internal;

import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;

/** An error response thrown from a handler; the exception mapper writes it exactly as built. */
public final class ApiError extends RuntimeException {
    private final int status;
    private final String contentType;
    private final String body;
    private final Map<String, String> headers = new LinkedHashMap<>();

    public ApiError(int status, String contentType, String body) {
        super(status + " " + body, null, false, false);
        this.status = status;
        this.contentType = contentType;
        this.body = body;
    }

    public static ApiError json(int status, String body) {
        return new ApiError(status, "application/json", body);
    }

    public ApiError withHeader(String name, String value) {
        headers.put(name, value);
        return this;
    }

    public int status() {
        return status;
    }

    public String body() {
        return body;
    }

    public void writeTo(Context ctx) {
        headers.forEach(ctx::header);
        ctx.status(status).contentType(contentType).result(body);
    }
}
