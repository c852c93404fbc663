package dev.warden.http;

import io.javalin.http.Context;

/** An API route's body. */
final class RequestBody {

    private RequestBody() {
    }

    /**
     * The body as text. One that did not come whole (cut off by {@code http.bodyTimeout}, the connection closed) is
     * the 408 or 400 a webhook's body gets, in the JSON error shape: Javalin answers a read that timed out with a bare
     * 408 before any exception handler of ours sees it.
     */
    static String text(Context ctx) {
        try {
            return ctx.body();
        } catch (Exception e) { // Javalin (Kotlin) rethrows the stream's IOException unchecked
            ApiException unreadable = WebhookBodies.unreadable(e);
            if (unreadable != null) {
                throw unreadable;
            }
            throw e instanceof RuntimeException runtime ? runtime
                    : new IllegalStateException("reading the request body failed", e);
        }
    }
}
