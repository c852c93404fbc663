package dev.warden.http;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

import dev.warden.Echo;
import dev.warden.keys.Caller;
import dev.warden.keys.Scope;
import dev.warden.rules.LoadedRule;
import dev.warden.rules.RuleCatalog;
import dev.warden.rules.RuleProblem;
import dev.warden.rules.TriggerType;
import dev.warden.runs.Accepted;
import dev.warden.runs.RequestKey;
import dev.warden.runs.Run;
import dev.warden.runs.RunRejectedException;
import dev.warden.runs.RunService;
import dev.warden.runs.TriggerEvent;
import dev.warden.scheduling.RuleScheduler;
import dev.warden.scheduling.ScheduleSummary;

/** The rules API: list, get (with source), and run now by hand (with an input, or replaying a past run's). */
public final class RuleRoutes {

    private final RuleCatalog catalog;
    private final RunService runs;
    private final RuleScheduler schedules;
    private final RunWaits waits;

    public RuleRoutes(RuleCatalog catalog, RunService runs, RuleScheduler schedules, RunWaits waits) {
        this.catalog = catalog;
        this.runs = runs;
        this.schedules = schedules;
        this.waits = waits;
    }

    public void register(RoutesConfig routes) {
        routes.get("/api/v1/rules", this::list);
        routes.get("/api/v1/rules/{id}", this::get);
        routes.post("/api/v1/rules/{id}/runs", this::runNow);
    }

    private void list(Context ctx) {
        RuleCatalog.Snapshot snapshot = catalog.snapshot();
        Caller caller = AuthFilter.caller(ctx);
        Set<String> disabled = schedules.disabled();
        Map<String, ScheduleSummary> summaries = schedules.summaries();
        List<RuleView> rules = snapshot.rules().values().stream().filter(r -> caller.allowsRule(r.id()))
                .map(r -> RuleView.of(r, !disabled.contains(r.id()), summaries.get(r.id())))
                .sorted(Comparator.comparing(RuleView::id)).toList();
        List<Map<String, Object>> problems = new ArrayList<>();
        snapshot.problems().values().forEach(list -> list.forEach(p -> problems.add(problem(p))));
        schedules.problems().forEach(p -> problems.add(problem(p)));
        List<Map<String, Object>> warnings = new ArrayList<>();
        snapshot.warnings().values().forEach(list -> list.forEach(w -> warnings.add(problem(w))));
        ctx.json(Map.of("rules", rules, "problems", problems, "warnings", warnings));
    }

    private void get(Context ctx) {
        LoadedRule rule = require(ctx.pathParam("id"));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("rule", RuleView.of(rule, schedules.isEnabled(rule.id()), schedules.summaries().get(rule.id())));
        try {
            body.put("source", Files.readString(catalog.root().resolve(rule.file().path())));
        } catch (IOException e) {
            body.put("source", null);
        }
        List<RuleProblem> problems = new ArrayList<>(catalog.snapshot().problems().getOrDefault(rule.file().path(),
                List.of()));
        schedules.problems().stream().filter(p -> p.location().file().equals(rule.file().path()))
                .forEach(problems::add);
        body.put("problems", problems.stream().map(RuleRoutes::problem).toList());
        body.put("warnings", catalog.snapshot().warnings().getOrDefault(rule.file().path(), List.of()).stream()
                .map(RuleRoutes::problem).toList());
        ctx.json(body);
    }

    private void runNow(Context ctx) {
        LoadedRule rule = require(ctx.pathParam("id"));
        String replay = ctx.queryParam("replay");
        if (replay != null && !replay.isBlank()) {
            replay(ctx, rule, Queries.runId(replay.trim()));
            return;
        }
        if (!rule.definition().hasTrigger(TriggerType.MANUAL)) {
            throw new ApiException(409, "NO_MANUAL_TRIGGER", "rule " + rule.id()
                    + " cannot be run by hand: add manual() to its triggers in " + rule.file().path());
        }
        String idempotencyKey = IdempotencyKeys.of(ctx);
        Duration wait = WaitPreference.of(ctx);
        Accepted accepted;
        try {
            accepted = runs.submit(rule.id(), TriggerEvent.manual(Json.parseBody(RequestBody.text(ctx))),
                    idempotencyKey == null ? null : new RequestKey("run:" + rule.id(), idempotencyKey));
        } catch (RunRejectedException e) {
            throw RunRoutes.rejected(e);
        }
        if (accepted.replayed()) {
            ctx.header("Idempotent-Replayed", "true");
        }
        RunRoutes.answer(ctx, waits, accepted.runs().getFirst(), wait);
    }

    /**
     * Runs the rule again with a past run's event (input, trigger, headers and query), whatever its triggers
     * (?replay=<run id>); the new run's trigger names the past run ({@code replayOf}).
     */
    private void replay(Context ctx, LoadedRule rule, String runId) {
        Caller caller = AuthFilter.caller(ctx);
        caller.require(Scope.RUNS_READ);
        Duration wait = WaitPreference.of(ctx);
        Run past = runs.get(runId).filter(r -> caller.allowsRule(r.rule()))
                .orElseThrow(() -> ApiException.notFound("no run with id '" + Echo.of(runId) + "' to replay"));
        TriggerEvent event = runs.replayEvent(past);
        String idempotencyKey = IdempotencyKeys.of(ctx);
        Accepted accepted;
        try {
            accepted = runs.accept(List.of(rule), event, past.input(),
                    idempotencyKey == null ? null : new RequestKey("replay:" + rule.id(), idempotencyKey));
        } catch (RunRejectedException e) {
            throw RunRoutes.rejected(e);
        }
        if (accepted.replayed()) {
            ctx.header("Idempotent-Replayed", "true");
        }
        RunRoutes.answer(ctx, waits, accepted.runs().getFirst(), wait);
    }

    private LoadedRule require(String id) {
        LoadedRule rule = catalog.rule(id);
        if (rule == null) {
            throw ApiException.notFound("no rule with id '" + Echo.of(id) + "' is loaded; GET /api/v1/rules lists "
                    + "them");
        }
        return rule;
    }

    static Map<String, Object> problem(RuleProblem p) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("file", p.location().file());
        out.put("line", p.location().line());
        out.put("column", p.location().column());
        out.put("message", p.message());
        return out;
    }
}
