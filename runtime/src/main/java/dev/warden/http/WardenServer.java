package dev.warden.http;

import java.util.List;
import java.util.function.Consumer;

import org.eclipse.jetty.util.thread.QueuedThreadPool;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.javalin.Javalin;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.json.JavalinJackson;
import io.javalin.router.Endpoint;

import dev.warden.Echo;
import dev.warden.config.HttpConfig;
import dev.warden.keys.AccessDenied;
import dev.warden.store.StoreException;

/**
 * The Javalin server: every concern registers its routes ({@code XxxRoutes}); every error is JSON.
 * Lifecycle: {@link #start}, then {@link #close}.
 */
public final class WardenServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WardenServer.class);

    private final Javalin app;
    private final RequestDeadlines deadlines;

    private WardenServer(Javalin app, RequestDeadlines deadlines) {
        this.app = app;
        this.deadlines = deadlines;
    }

    /**
     * The request threads: up to {@code http.threads}, at least 8 kept. Requests that wait for runs hand their thread
     * back ({@link RunWaits}), so a burst of waiting callers cannot use them all up.
     */
    public static QueuedThreadPool requestThreads(HttpConfig config) {
        QueuedThreadPool pool = new QueuedThreadPool(config.threads(), Math.min(8, config.threads()));
        pool.setName("warden-http");
        return pool;
    }

    /**
     * The buffer Javalin copies each response through to Jetty's (pooled, 32 KiB) output buffer. Javalin allocates a
     * new one per response, as large as Jetty's output buffer unless set: 32 KiB for a webhook's 30-byte answer was
     * half of what the request threads allocated (async-profiler, wait mode). Larger responses take a few copies.
     */
    public static final int RESPONSE_COPY_BUFFER = 8192;

    /**
     * @param maxRequestBytes the largest body any route takes (webhooks may be configured above 1 MiB)
     * @param threads from {@link #requestThreads}; also runs the answers of requests that waited for runs
     */
    public static WardenServer start(HttpConfig config, long maxRequestBytes, QueuedThreadPool threads,
            List<Consumer<RoutesConfig>> routes) {
        java.util.concurrent.atomic.AtomicReference<Javalin> self = new java.util.concurrent.atomic.AtomicReference<>();
        Javalin app = Javalin.create(cfg -> {
            cfg.jetty.threadPool = threads;
            cfg.jsonMapper(new JavalinJackson(Json.MAPPER, false));
            cfg.startup.showJavalinBanner = false;
            cfg.http.maxRequestSize = maxRequestBytes;
            cfg.http.responseBufferSize = RESPONSE_COPY_BUFFER;
            cfg.jetty.host = config.host();
            cfg.jetty.port = config.port();
            cfg.jetty.modifyServer(server -> {
                server.setErrorHandler(new JsonErrorHandler());
                server.addBean(ConnectionCap.limit(server, config.maxConnections()));
            });
            cfg.routes.before(Queries::requireWellEncoded);
            routes.forEach(r -> r.accept(cfg.routes));
            // After the routes' own before-matched handlers (authentication first: 401 before 400).
            cfg.routes.beforeMatched(Queries::requireKnown);
            cfg.routes.beforeMatched(WardenServer::requireUncompressedBody);
            cfg.routes.exception(ApiException.class, (e, ctx) -> {
                if (e.retryAfterSeconds() > 0) {
                    ctx.header("Retry-After", Long.toString(e.retryAfterSeconds()));
                }
                ctx.status(e.status()).json(Json.error(e.code(), e.getMessage()));
            });
            cfg.routes.exception(AccessDenied.class, (e, ctx) -> {
                if (e.status() == 401) {
                    ctx.header("WWW-Authenticate", "Bearer realm=\"warden\"");
                }
                if (e.retryAfterSeconds() > 0) {
                    ctx.header("Retry-After", Long.toString(e.retryAfterSeconds()));
                }
                ctx.status(e.status()).json(Json.error(e.code(), e.getMessage()));
            });
            cfg.routes.exception(StoreException.class, (e, ctx) -> {
                LOG.error("{} {}: the database failed", ctx.method(), Echo.of(ctx.path()), e);
                ctx.header("Retry-After", "5");
                ctx.status(503).json(Json.error("STORE_UNAVAILABLE", "Warden could not write to its database, so "
                        + "nothing was accepted; retry later"));
            });
            cfg.routes.exception(Exception.class, (e, ctx) -> {
                ApiException unreadable = WebhookBodies.unreadable(e);
                if (unreadable != null) {
                    // The client's doing (a connection closed mid-body, a stalled upload): one line, no stack.
                    LOG.info("{} {}: {} ({})", ctx.method(), Echo.of(ctx.path()), unreadable.getMessage(),
                            e.toString());
                    ctx.status(unreadable.status()).json(Json.error(unreadable.code(), unreadable.getMessage()));
                    return;
                }
                LOG.error("{} {} failed", ctx.method(), Echo.of(ctx.path()), e);
                ctx.status(500).json(Json.error("INTERNAL", "Warden failed to answer: " + e.getClass().getSimpleName()
                        + (e.getMessage() == null ? "" : ": " + e.getMessage())));
            });
            cfg.routes.error(404, ctx -> {
                if (!isJson(ctx.result())) {
                    ctx.json(Json.error("NOT_FOUND", "no route " + ctx.method() + " " + Echo.of(ctx.path())));
                }
            });
            cfg.routes.error(413, ctx -> {
                if (!isJson(ctx.result())) {
                    ctx.json(Json.error("TOO_LARGE", "the request body is larger than " + maxRequestBytes + " bytes"));
                }
            });
            cfg.http.prefer405over404 = true;
            cfg.routes.error(405, ctx -> {
                String allowed = String.join(", ", allowedMethods(self.get(), ctx.path()));
                if (!allowed.isEmpty()) {
                    ctx.header("Allow", allowed);
                }
                ctx.json(Json.error("METHOD_NOT_ALLOWED", ctx.method() + " is not allowed on " + Echo.of(ctx.path())
                        + (allowed.isEmpty() ? "" : "; it takes " + allowed)));
            });
        });
        self.set(app);
        answerHeadAsGet(app);
        app.start();
        return new WardenServer(app, RequestDeadlines.start(app.jettyServer().server(), config.headerTimeout(),
                config.bodyTimeout()));
    }

    /**
     * HEAD of a GET route runs that route, its key and scope checked as for GET, and answers its status and headers
     * without the body (RFC 9110): Javalin alone answered 200 without running it, for a resource that did not exist
     * too, and the scope table, knowing no HEAD, asked for admin.
     */
    private static void answerHeadAsGet(Javalin app) {
        app.unsafe.internalRouter.allHttpHandlers().stream().map(p -> p.endpoint)
                .filter(e -> e.method == HandlerType.GET).toList()
                .forEach(e -> app.unsafe.internalRouter.addHttpEndpoint(new Endpoint(HandlerType.HEAD, e.path,
                        e.handler)));
    }

    /** The methods of the routes whose pattern matches {@code path} (for a 405's {@code Allow}). */
    private static List<String> allowedMethods(Javalin app, String path) {
        if (app == null) {
            return List.of();
        }
        return app.unsafe.internalRouter.allHttpHandlers().stream()
                .filter(p -> p.endpoint.method.isHttpMethod() && !p.endpoint.method.name().equals("OPTIONS")
                        && p.matches(path))
                .map(p -> p.endpoint.method.name()).distinct().sorted().toList();
    }

    /**
     * Before every matched route, after authentication (401 before any complaint about the body, as for a malformed
     * one): a compressed body (any Content-Encoding but identity) would be read as garbage, a "malformed JSON" 400
     * that misleads; it is a 415 naming the encoding instead. A request without a body has nothing compressed, so
     * its header is ignored. Webhooks authenticate in their route, which calls {@link #requireUncompressed} itself.
     */
    private static void requireUncompressedBody(Context ctx) {
        Endpoint matched = ctx.endpoints().matchedHttpEndpoint();
        if (matched == null || !matched.path.startsWith("/hooks/")) {
            requireUncompressed(ctx);
        }
    }

    /** The 415 of {@link #requireUncompressedBody}, for a request that has a body. */
    static void requireUncompressed(Context ctx) {
        String encoding = ctx.header("Content-Encoding");
        boolean body = ctx.contentLength() > 0 || ctx.header("Transfer-Encoding") != null;
        if (body && encoding != null && !encoding.isBlank() && !encoding.strip().equalsIgnoreCase("identity")) {
            throw new ApiException(415, "UNSUPPORTED_MEDIA_TYPE", "Content-Encoding '" + encoding.strip()
                    + "' is not accepted; send the body uncompressed");
        }
    }

    /** Javalin answers unmatched routes with plain text; every error here is JSON. */
    private static boolean isJson(String result) {
        return result != null && result.startsWith("{");
    }

    public int port() {
        return app.port();
    }

    /** The HTTP routes registered, as method and path pattern (the OpenAPI document is built from them). */
    public List<RouteInfo> routes() {
        return app.unsafe.internalRouter.allHttpHandlers().stream().map(p -> p.endpoint)
                .filter(e -> e.method.isHttpMethod() && !e.method.name().equals("HEAD")
                        && !e.method.name().equals("OPTIONS"))
                .map(e -> new RouteInfo(e.method.name(), e.path)).distinct().toList();
    }

    @Override
    public void close() {
        deadlines.close();
        app.stop();
    }
}
