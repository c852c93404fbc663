package dev.warden.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.stream.Collectors;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.util.URIUtil;

import dev.warden.Echo;
import dev.warden.config.HookConfig;
import dev.warden.engine.IndexedJson;
import dev.warden.keys.AccessDenied;
import dev.warden.keys.Authenticator;
import dev.warden.keys.Caller;
import dev.warden.keys.Scope;
import dev.warden.metrics.WardenMetrics;
import dev.warden.runs.Accepted;
import dev.warden.runs.RequestKey;
import dev.warden.runs.RunRejectedException;
import dev.warden.runs.RunService;
import dev.warden.runs.TriggerEvent;
import dev.warden.webhooks.SignatureVerifier;
import dev.warden.webhooks.WebhookDispatcher;

/**
 * {@code POST /hooks/{name}}: authenticates by the hook's mode (API key, signature, or both), then starts every
 * enabled rule that declares {@code webhook(name)} and answers with the run ids (see {@link WebhookAnswer}).
 */
public final class WebhookRoutes {

    private static final Set<String> HIDDEN_HEADERS = Set.of("authorization", "x-api-key", "cookie",
            "proxy-authorization", "x-warden-signature");
    private static final int MAX_HEADERS = 64;

    private final WebhookDispatcher dispatcher;
    private final RunService runs;
    private final Authenticator auth;
    private final SignatureVerifier signatures;
    private final WardenMetrics metrics;
    private final RunWaits waits;
    /**
     * How many requests validate and accept runs at once (one per core). Under overload, requests waiting here use
     * no CPU, so the workers and the run writer keep their share and run what was accepted, instead of dozens of
     * request threads turning requests away with 429 while the queue stays full. The body is read before, so a slow
     * sender never holds a place.
     *
     * <p>Wait-mode requests pass by it: each holds its connection until its runs end, so its sender cannot pile up
     * accepted runs faster than the workers end them, and queuing them here only lengthened their tail (p99 about a
     * third lower without it in bench/webhooks-history.md, 2026-12-06). The run queue's bound still applies.
     */
    private final Semaphore acceptGate = new Semaphore(Runtime.getRuntime().availableProcessors());

    /** How long a body authenticated only by its signature may pause between bytes. */
    static final Duration UNAUTHENTICATED_READ_IDLE = Duration.ofSeconds(10);
    /** Request threads that may be reading such bodies at once; the rest stay free for everyone else. */
    private final Semaphore unauthenticatedReads =
            new Semaphore(Math.max(2, Runtime.getRuntime().availableProcessors()));

    public WebhookRoutes(WebhookDispatcher dispatcher, RunService runs, Authenticator auth,
                         SignatureVerifier signatures, WardenMetrics metrics, RunWaits waits) {
        this.dispatcher = dispatcher;
        this.waits = waits;
        this.runs = runs;
        this.auth = auth;
        this.signatures = signatures;
        this.metrics = metrics;
    }

    public void register(RoutesConfig routes) {
        routes.post("/hooks/{name}", this::trigger);
        routes.after("/hooks/*", ctx -> {
            String raw = ctx.path().substring("/hooks/".length());
            // As the route reads it: /hooks/%69n ran hook in's rules and is counted as in, not as unknown.
            String hook = raw.indexOf('%') < 0 ? raw : URIUtil.decodePath(raw);
            metrics.webhookRequest(dispatcher.resolve(hook).known() ? hook : "unknown", ctx.statusCode());
        });
    }

    private void trigger(Context ctx) {
        String hook = ctx.pathParam("name");
        HookConfig config = dispatcher.config(hook);
        String address = ClientAddress.of(ctx);
        // Only a name too long to show is cut here: anything more would cost every request.
        String target = "POST /hooks/" + (hook.length() <= Echo.MAX ? hook : Echo.of(hook));
        boolean signed = config.auth() == HookConfig.Auth.SIGNATURE || config.auth() == HookConfig.Auth.KEY_AND_SIGNATURE
                || config.auth() == HookConfig.Auth.KEY_OR_SIGNATURE && ctx.header("X-Warden-Signature") != null;
        boolean keyed = config.auth() == HookConfig.Auth.KEY || config.auth() == HookConfig.Auth.KEY_AND_SIGNATURE
                || config.auth() == HookConfig.Auth.KEY_OR_SIGNATURE && !signed;
        Caller caller;
        try {
            caller = keyed ? keyCaller(ctx, hook, address, target) : null;
        } catch (AccessDenied e) {
            if (config.auth() == HookConfig.Auth.KEY_OR_SIGNATURE && e.code().equals("KEY_MISSING")) {
                throw AccessDenied.unauthenticated(e.code(), e.getMessage() + "; or sign the request (webhook '"
                        + Echo.of(hook) + "' takes a key or a signature: X-Warden-Timestamp and "
                        + "X-Warden-Signature)");
            }
            throw e;
        }
        if (!keyed) {
            auth.checkThrottle(address);
            try {
                requireOneSignature(ctx);
                signatures.checkHeaders(ctx.header("X-Warden-Timestamp"), ctx.header("X-Warden-Signature"));
            } catch (AccessDenied e) {
                auth.failed(e, "signature of hook " + Echo.of(hook), address, target);
                throw e;
            }
        }
        WardenServer.requireUncompressed(ctx);
        // After the key or the signature's headers are checked: the hook's size limit is not told to just anyone.
        if (ctx.contentLength() > config.maxBodyBytes()) {
            throw WebhookBodies.tooLarge(config.maxBodyBytes());
        }
        byte[] raw = keyed ? readBody(ctx, config) : readUnauthenticatedBody(ctx, config, hook, address, target);
        String idempotencyKey = IdempotencyKeys.of(ctx);
        Runnable forgetSignature = () -> { };
        if (signed) {
            try {
                requireOneSignature(ctx);
                forgetSignature = signatures.verify(config.secret().reveal(), ctx.header("X-Warden-Timestamp"),
                        ctx.header("X-Warden-Signature"), raw, idempotencyKey);
            } catch (AccessDenied e) {
                auth.failed(e, "signature of hook " + Echo.of(hook), address, target);
                throw e;
            }
        }
        boolean accepted = false;
        Accepted result;
        Duration wait;
        boolean gated = !WaitPreference.asked(ctx);
        if (gated) {
            acceptGate.acquireUninterruptibly();
        }
        try {
            WebhookDispatcher.Resolution resolution = dispatcher.resolve(hook);
            if (resolution.enabled().isEmpty()) {
                throw notFound(resolution, caller);
            }
            wait = WaitPreference.of(ctx);
            // The header as sent: Jetty's reading of it throws for a charset Java does not know.
            IndexedJson body = WebhookBodies.toJson(ctx.header("Content-Type"), raw);
            // The body travels as JSON text (the runs' input, which the store keeps) with where its members start,
            // so that a run parses only what its rule reads.
            TriggerEvent event = new TriggerEvent("webhook", hook, Instant.now(), null, headers(ctx), query(ctx));
            try {
                // Without a key, journaled (no commit per request); with one, committed with the key, so that a
                // retry from anywhere finds it.
                result = idempotencyKey == null ? runs.acceptJournaled(resolution.enabled(), event, body)
                        : runs.accept(resolution.enabled(), event, body, new RequestKey("hook:" + hook, idempotencyKey));
            } catch (RunRejectedException e) {
                throw RunRoutes.rejected(e);
            }
            accepted = true;
        } finally {
            if (gated) {
                acceptGate.release();
            }
            if (!accepted) {
                forgetSignature.run();
            }
        }
        // Outside the gate, and without a thread: a wait-mode request waits for its runs without holding up others.
        WebhookAnswer.send(ctx, runs, waits, result, wait);
    }

    private static byte[] readBody(Context ctx, HookConfig config) {
        try {
            return WebhookBodies.read(ctx.req().getInputStream(), ctx.contentLength(), config.maxBodyBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads the body of a request that only its signature, over that body, can authenticate: at most
     * {@link #unauthenticatedReads} at once (503 beyond), each given {@link #UNAUTHENTICATED_READ_IDLE} between
     * bytes, and a body that stalls or ends early counts as a failed authentication of its address. Without this, a
     * sender that declares a body and never sends it holds a request thread each, until none is left for
     * {@code /health} or keyed callers.
     */
    private byte[] readUnauthenticatedBody(Context ctx, HookConfig config, String hook, String address,
                                           String target) {
        if (!unauthenticatedReads.tryAcquire()) {
            throw new ApiException(503, "BUSY", "too many signed webhook bodies are being received at once; retry "
                    + "shortly", 1);
        }
        EndPoint endPoint = endPoint(ctx);
        long idle = endPoint == null ? 0 : endPoint.getIdleTimeout();
        try {
            if (endPoint != null) {
                endPoint.setIdleTimeout(Math.min(idle > 0 ? idle : Long.MAX_VALUE,
                        UNAUTHENTICATED_READ_IDLE.toMillis()));
            }
            return readBody(ctx, config);
        } catch (ApiException | UncheckedIOException e) {
            ApiException unreadable = e instanceof ApiException api ? api : WebhookBodies.unreadable(e);
            if (unreadable != null && unreadable.status() != 413) {
                auth.failed(AccessDenied.unauthenticated(unreadable.code(), unreadable.getMessage()),
                        "signature of hook " + Echo.of(hook), address, target);
                throw unreadable;
            }
            throw e;
        } finally {
            if (endPoint != null) {
                endPoint.setIdleTimeout(idle);
            }
            unauthenticatedReads.release();
        }
    }

    private static EndPoint endPoint(Context ctx) {
        ServletContextRequest request = ServletContextRequest.getServletContextRequest(ctx.req());
        return request == null ? null : request.getConnectionMetaData().getConnection().getEndPoint();
    }

    /** A signature header sent twice with two values: which one the sender signed with is unknown. */
    private static void requireOneSignature(Context ctx) {
        for (String name : List.of("X-Warden-Timestamp", "X-Warden-Signature")) {
            long values = AuthFilter.headers(ctx, name).stream().map(String::trim).distinct().count();
            if (values > 1) {
                throw AccessDenied.unauthenticated("SIGNATURE_INVALID", "the request sends " + values
                        + " different " + name + " headers; send one");
            }
        }
    }

    private Caller keyCaller(Context ctx, String hook, String address, String target) {
        Caller caller = auth.authenticate(auth.presented(AuthFilter.headers(ctx, "x-api-key"),
                AuthFilter.headers(ctx, "Authorization"), address, target), address, target);
        try {
            caller.require(Scope.WEBHOOKS_TRIGGER);
            caller.requireHook(hook);
        } catch (AccessDenied e) {
            auth.forbidden(caller, e, address, target);
            throw e;
        }
        return caller;
    }

    private ApiException notFound(WebhookDispatcher.Resolution r, Caller caller) {
        if (!r.disabled().isEmpty()) {
            // Named only to a caller whose key may see them all (a signed hook's caller is not known at all).
            boolean mayName = caller != null && r.disabled().stream().allMatch(caller::allowsRule);
            String how = mayName ? r.disabled().stream().map(id -> "POST /api/v1/rules/" + id + "/enable")
                    .collect(Collectors.joining(" or ")) : "POST /api/v1/rules/<rule id>/enable";
            return new ApiException(404, "HOOK_HAS_NO_ENABLED_RULE", "webhook '" + Echo.of(r.hook()) + "' exists, "
                    + "but the " + r.disabled().size() + " rule(s) that declare it are disabled, so nothing was run; "
                    + "enable one (" + how + ")");
        }
        if (r.configured()) {
            return new ApiException(404, "HOOK_HAS_NO_RULE", "webhook '" + Echo.of(r.hook()) + "' is configured but "
                    + "no loaded rule declares webhook('" + Echo.of(r.hook()) + "'), so nothing was run (a rule file "
                    + "with errors? see GET /health)");
        }
        String twin = dispatcher.caseInsensitiveMatch(r.hook());
        boolean mayHint = twin != null && (caller == null || caller.allowsHook(twin));
        return new ApiException(404, "UNKNOWN_HOOK", "no rule declares webhook('" + Echo.of(r.hook()) + "'), so "
                + "nothing was run. The name in /hooks/{name} must equal the one in the rule's webhook('...') trigger, "
                + "letter case included" + (mayHint ? "; did you mean /hooks/" + twin + "?" : "."));
    }

    /** The request headers a rule sees: lower-case names, credentials left out. */
    private static Map<String, String> headers(Context ctx) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, String> h : ctx.headerMap().entrySet()) {
            String name = h.getKey().toLowerCase(Locale.ROOT);
            if (!HIDDEN_HEADERS.contains(name) && out.size() < MAX_HEADERS) {
                String value = h.getValue();
                out.put(name, value.length() > 4096 ? value.substring(0, 4096) : value);
            }
        }
        return out;
    }

    private static Map<String, String> query(Context ctx) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> q : ctx.queryParamMap().entrySet()) {
            if (!q.getKey().equals("wait") && !q.getValue().isEmpty()) {
                out.put(q.getKey(), q.getValue().getFirst());
            }
        }
        return out.isEmpty() ? null : out;
    }
}
