package dev.warden.http;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

import dev.warden.Echo;
import dev.warden.engine.RuleResponse;
import dev.warden.keys.Caller;
import dev.warden.runs.Run;
import dev.warden.runs.RunQuery;
import dev.warden.runs.RunRejectedException;
import dev.warden.runs.RunService;
import dev.warden.runs.RunStatus;

/** The runs API: list with filters and a cursor, get one, its logs, cancel it. */
public final class RunRoutes {

    private final RunService runs;
    private volatile java.util.function.Function<String, Object> leaseOfRun = id -> null;

    public RunRoutes(RunService runs) {
        this.runs = runs;
    }

    /** Adds the run's lease (its audit lines) to {@code GET /api/v1/runs/{id}}. */
    public RunRoutes withLeases(java.util.function.Function<String, Object> leaseOf) {
        this.leaseOfRun = leaseOf;
        return this;
    }

    public void register(RoutesConfig routes) {
        routes.get("/api/v1/runs", this::list);
        routes.get("/api/v1/runs/{id}", this::get);
        routes.get("/api/v1/runs/{id}/logs", this::logs);
        routes.post("/api/v1/runs/{id}/cancel", this::cancel);
    }

    private void list(Context ctx) {
        int limit = Queries.intParam(ctx, "limit", 50, 1, 500);
        RunStatus status = null;
        String rawStatus = ctx.queryParam("status");
        if (rawStatus != null && !rawStatus.isBlank()) {
            try {
                status = RunStatus.valueOf(rawStatus.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("status '" + Echo.of(rawStatus) + "' is not one of "
                        + List.of(RunStatus.values()) + " (either case)");
            }
        }
        String rule = blankToNull(ctx.queryParam("rule"));
        Caller caller = AuthFilter.caller(ctx);
        if (rule != null) {
            caller.requireRule(rule);
        }
        // A key limited to rules sees their runs only, as it sees only those rules.
        java.util.Set<String> allowed = caller.key() == null || caller.key().rules().isEmpty() ? null
                : java.util.Set.copyOf(caller.key().rules());
        List<Run> page = runs.list(new RunQuery(rule, allowed, status, Queries.cursor(ctx), limit));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("runs", page.stream().map(this::shown).toList());
        body.put("next", page.size() == limit ? page.getLast().id() : null);
        ctx.json(body);
    }

    private void get(Context ctx) {
        Run run = visibleRun(ctx);
        Object lease = leaseOfRun.apply(run.id());
        if (lease == null) {
            ctx.json(shown(run));
            return;
        }
        com.fasterxml.jackson.databind.node.ObjectNode body = Json.MAPPER.valueToTree(shown(run));
        body.set("lease", Json.MAPPER.valueToTree(lease));
        ctx.json(body);
    }

    private void logs(Context ctx) {
        Run run = visibleRun(ctx);
        ctx.contentType("application/json").result("{\"id\":\"" + run.id() + "\",\"status\":\"" + run.status()
                + "\",\"logs\":" + (run.logs() == null ? "[]" : run.logs()) + "}");
    }

    private void cancel(Context ctx) {
        Run run = visibleRun(ctx);
        if (run.status().finished()) {
            throw new ApiException(409, "ALREADY_FINISHED", "run " + run.id() + " already ended " + run.status());
        }
        ctx.json(view(runs.cancel(run.id())
                .orElseThrow(() -> ApiException.notFound("no run with id '" + run.id() + "'"))));
    }

    /** The run named in the path, if the caller's key may see its rule (else 404 rather than admit it exists). */
    private Run visibleRun(Context ctx) {
        String id = ctx.pathParam("id");
        Run run = runs.get(Queries.runId(id)).orElse(null);
        if (run == null || !AuthFilter.caller(ctx).allowsRule(run.rule())) {
            throw ApiException.notFound("no run with id '" + Echo.of(id) + "'");
        }
        return run;
    }

    /**
     * The run as {@link #view} shows it, plus {@code waitingForAdminKeySince} while it is RUNNING but waits for
     * Confluence to enable the admin key (its rule's code has not started).
     */
    private Object shown(Run run) {
        Object view = view(run);
        java.time.Instant since = run.status() == RunStatus.RUNNING ? runs.waitingForAdminKeySince(run.id()) : null;
        if (since == null) {
            return view;
        }
        com.fasterxml.jackson.databind.node.ObjectNode body = Json.MAPPER.valueToTree(view);
        body.put("waitingForAdminKeySince", since.toString());
        return body;
    }

    /**
     * Answers a freshly accepted run: 202 with its URL, or with {@code limit} (the request's {@link WaitPreference},
     * read before the run was accepted, so that a bad one refuses the request rather than answering an error for a
     * run that went ahead) the finished run when in time.
     */
    static void answer(Context ctx, RunWaits waits, Run run, Duration limit) {
        String url = "/api/v1/runs/" + run.id();
        ctx.header("Location", url);
        if (limit == null) {
            accepted(ctx, run, url);
            return;
        }
        ctx.future(() -> waits.finished(List.of(run), limit).thenAccept(finished -> {
            if (finished == null) {
                accepted(ctx, run, url);
            } else {
                ctx.status(200).json(view(finished.getFirst()));
            }
        }));
    }

    /**
     * The run as the API shows it. A result the rule chose with {@code respond()} shows as its body, with
     * {@code "response": {"status"}} right after it; the stored result keeps respond()'s mark (see
     * {@link RuleResponse}).
     */
    static Object view(Run run) {
        RuleResponse chosen = RuleResponse.of(run.result());
        if (chosen == null) {
            return run;
        }
        com.fasterxml.jackson.databind.node.ObjectNode stored = Json.MAPPER.valueToTree(run);
        com.fasterxml.jackson.databind.node.ObjectNode shown = Json.MAPPER.createObjectNode();
        stored.properties().forEach(field -> {
            if (field.getKey().equals("result")) {
                shown.set("result", chosen.body());
                shown.putObject("response").put("status", chosen.status());
            } else {
                shown.set(field.getKey(), field.getValue());
            }
        });
        return shown;
    }

    private static void accepted(Context ctx, Run run, String url) {
        ctx.status(202).json(Map.of("id", run.id(), "rule", run.rule(), "status", run.status(), "url", url));
    }

    static ApiException rejected(RunRejectedException e) {
        return switch (e.reason()) {
            case UNKNOWN_RULE -> ApiException.notFound(e.getMessage());
            // The runs package estimates the wait (how long the backlog takes); a 429 always says one.
            case QUEUE_FULL, STOPPING -> new ApiException(429, "QUEUE_FULL", e.getMessage(),
                    Math.max(1, e.retryAfterSeconds()));
            case KEY_REUSED -> new ApiException(422, "IDEMPOTENCY_KEY_REUSED", e.getMessage());
        };
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
