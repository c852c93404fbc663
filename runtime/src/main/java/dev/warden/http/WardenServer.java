package dev.warden.http;

import java.util.List;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.javalin.Javalin;
import io.javalin.config.RoutesConfig;
import io.javalin.json.JavalinJackson;

import dev.warden.config.HttpConfig;

/**
 * The Javalin server: every concern registers its routes ({@code XxxRoutes}); every error is JSON.
 * Lifecycle: {@link #start}, then {@link #close}.
 */
public final class WardenServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WardenServer.class);

    private final Javalin app;

    private WardenServer(Javalin app) {
        this.app = app;
    }

    public static WardenServer start(HttpConfig config, List<Consumer<RoutesConfig>> routes) {
        Javalin app = Javalin.create(cfg -> {
            cfg.jsonMapper(new JavalinJackson(Json.MAPPER, false));
            cfg.startup.showJavalinBanner = false;
            cfg.http.maxRequestSize = 1024 * 1024;
            cfg.jetty.host = config.host();
            cfg.jetty.port = config.port();
            routes.forEach(r -> r.accept(cfg.routes));
            cfg.routes.exception(ApiException.class, (e, ctx) -> {
                if (e.status() == 429) {
                    ctx.header("Retry-After", "1");
                }
                ctx.status(e.status()).json(Json.error(e.code(), e.getMessage()));
            });
            cfg.routes.exception(Exception.class, (e, ctx) -> {
                LOG.error("{} {} failed", ctx.method(), ctx.path(), e);
                ctx.status(500).json(Json.error("INTERNAL", "Warden failed to answer: " + e.getClass().getSimpleName()
                        + (e.getMessage() == null ? "" : ": " + e.getMessage())));
            });
            cfg.routes.error(404, ctx -> {
                String type = ctx.res().getContentType();
                if (type == null || !type.startsWith("application/json")) {
                    ctx.json(Json.error("NOT_FOUND", "no route " + ctx.method() + " " + ctx.path()));
                }
            });
            cfg.routes.error(413, ctx -> ctx.json(Json.error("TOO_LARGE", "the request body is larger than "
                    + "1 MiB")));
            cfg.routes.error(405, ctx -> ctx.json(Json.error("METHOD_NOT_ALLOWED", ctx.method()
                    + " is not allowed on " + ctx.path())));
        });
        app.start();
        return new WardenServer(app);
    }

    public int port() {
        return app.port();
    }

    @Override
    public void close() {
        app.stop();
    }
}
