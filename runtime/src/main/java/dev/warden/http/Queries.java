package dev.warden.http;

import io.javalin.http.Context;

/** Query parameters read the same way everywhere: blank is absent, bad numbers are a 400 naming the parameter. */
final class Queries {

    private Queries() {
    }

    static String text(Context ctx, String name) {
        String value = ctx.queryParam(name);
        return value == null || value.isBlank() ? null : value.trim();
    }

    static int intParam(Context ctx, String name, int fallback, int min, int max) {
        String raw = text(ctx, name);
        if (raw == null) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(raw);
            if (value < min || value > max) {
                throw ApiException.badRequest(name + " must be between " + min + " and " + max);
            }
            return value;
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(name + " must be a whole number, got '" + raw + "'");
        }
    }
}
