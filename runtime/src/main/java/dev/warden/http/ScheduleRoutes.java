package dev.warden.http;

import java.util.LinkedHashMap;
import java.util.Map;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

import dev.warden.Echo;
import dev.warden.rules.LoadedRule;
import dev.warden.rules.RuleCatalog;
import dev.warden.rules.RuleDefinition;
import dev.warden.rules.Trigger;
import dev.warden.scheduling.RuleScheduler;
import dev.warden.scheduling.ScheduleSummary;

/** A rule's schedule: its next fires in its zone and in UTC, and enabling or disabling the rule. */
public final class ScheduleRoutes {

    private static final int MAX_NEXT = 100;

    private final RuleCatalog catalog;
    private final RuleScheduler schedules;

    public ScheduleRoutes(RuleCatalog catalog, RuleScheduler schedules) {
        this.catalog = catalog;
        this.schedules = schedules;
    }

    public void register(RoutesConfig routes) {
        routes.get("/api/v1/rules/{id}/schedule", this::schedule);
        routes.post("/api/v1/rules/{id}/disable", ctx -> setEnabled(ctx, false));
        routes.post("/api/v1/rules/{id}/enable", ctx -> setEnabled(ctx, true));
    }

    private void schedule(Context ctx) {
        LoadedRule rule = require(ctx.pathParam("id"));
        RuleDefinition d = rule.definition();
        ScheduleSummary summary = schedules.summaries().get(rule.id());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("rule", rule.id());
        body.put("enabled", schedules.isEnabled(rule.id()));
        body.put("serverZone", schedules.zone().getId());
        body.put("triggers", d.triggers().stream().filter(Trigger::isScheduled).map(Trigger::describe).toList());
        body.put("misfire", d.misfire().jsName());
        body.put("concurrency", d.concurrency().jsName());
        body.put("lastFire", summary == null ? null : summary.lastFire());
        body.put("lastStatus", summary == null ? null : summary.lastStatus());
        body.put("lastRun", summary == null ? null : summary.lastRun());
        body.put("nextFire", summary == null ? null : summary.nextFire());
        body.put("next", schedules.next(rule.id(), count(ctx)));
        body.put("ended", schedules.ended(rule.id()));
        ctx.json(body);
    }

    private void setEnabled(Context ctx, boolean enabled) {
        LoadedRule rule = require(ctx.pathParam("id"));
        schedules.setEnabled(rule.id(), enabled);
        ctx.json(Map.of("rule", rule.id(), "enabled", enabled));
    }

    private static int count(Context ctx) {
        String raw = ctx.queryParam("next");
        if (raw == null || raw.isBlank()) {
            return 5;
        }
        try {
            int n = Integer.parseInt(raw.trim());
            if (n >= 1 && n <= MAX_NEXT) {
                return n;
            }
        } catch (NumberFormatException e) {
            // Answered below like an out-of-range number.
        }
        throw ApiException.badRequest("next must be a whole number from 1 to " + MAX_NEXT + ", got '" + Echo.of(raw)
                + "'");
    }

    private LoadedRule require(String id) {
        LoadedRule rule = catalog.rule(id);
        if (rule == null) {
            throw ApiException.notFound("no rule with id '" + Echo.of(id) + "' is loaded; GET /api/v1/rules lists "
                    + "them");
        }
        return rule;
    }
}
