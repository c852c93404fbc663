package dev.warden.http;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;

import io.javalin.http.Context;

import dev.warden.engine.RuleResponse;
import dev.warden.runs.Accepted;
import dev.warden.runs.Run;
import dev.warden.runs.RunService;
import dev.warden.runs.RunStatus;

/**
 * The answer to an accepted webhook, always naming the runs ({@code X-Warden-Run-Id}, {@code Location}): 202 with
 * the runs at once, or in wait mode the finished rule's result (200, or the status the rule chose with
 * {@code respond()}), falling back to 202 when the wait runs out.
 */
final class WebhookAnswer {

    private WebhookAnswer() {
    }

    static void send(Context ctx, RunService runs, RunWaits waits, Accepted accepted, Duration wait) {
        List<Run> list = accepted.runs();
        ctx.header("X-Warden-Run-Id", String.join(",", list.stream().map(Run::id).toList()));
        if (accepted.replayed()) {
            ctx.header("Idempotent-Replayed", "true");
        }
        if (!list.isEmpty()) {
            ctx.header("Location", url(list.getFirst()));
        }
        if (wait == null || list.isEmpty()) {
            accepted(ctx, list);
            return;
        }
        ctx.future(() -> waits.finished(list, wait).thenAccept(finished -> {
            if (finished == null) {
                // As they are now: some may have started or ended since they were accepted.
                accepted(ctx, runs.getAll(list.stream().map(Run::id).toList()));
            } else {
                finished(ctx, finished);
            }
        }));
    }

    /**
     * 202 {@code {"runs":[{"id","rule","status","url"}]}}, written directly: the answer of every async webhook, where
     * serializing maps through Jackson took about 4% of a request thread's time.
     */
    private static void accepted(Context ctx, List<Run> runs) {
        StringBuilder out = new StringBuilder(24 + 120 * runs.size()).append("{\"runs\":[");
        for (int i = 0; i < runs.size(); i++) {
            Run run = runs.get(i);
            out.append(i == 0 ? "{\"id\":" : ",{\"id\":");
            quoted(out, run.id()).append(",\"rule\":");
            quoted(out, run.rule()).append(",\"status\":");
            quoted(out, run.status().name()).append(",\"url\":");
            quoted(out, url(run)).append('}');
        }
        ctx.status(202).contentType("application/json").result(out.append("]}").toString());
    }

    private static StringBuilder quoted(StringBuilder out, String text) {
        return out.append('"').append(JsonStringEncoder.getInstance().quoteAsString(text)).append('"');
    }

    private static void finished(Context ctx, List<Run> finished) {
        Run failed = finished.stream().filter(r -> r.status() != RunStatus.SUCCEEDED).findFirst().orElse(null);
        if (failed != null) {
            Map<String, Object> error = new LinkedHashMap<>();
            error.put("code", "RUN_" + failed.status().name());
            error.put("message", "rule " + failed.rule() + " ended " + failed.status()
                    + (failed.error() == null ? "" : ": " + errorMessage(failed.status(), failed.error())));
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("error", error);
            body.put("runs", finished.stream().map(r -> summary(r, false)).toList());
            ctx.status(failed.status() == RunStatus.TIMED_OUT ? 504 : 500).json(body);
            return;
        }
        if (finished.size() > 1) {
            ctx.status(200).json(Map.of("runs", finished.stream().map(r -> summary(r, true)).toList()));
            return;
        }
        String result = finished.getFirst().result();
        RuleResponse chosen = RuleResponse.of(result);
        if (chosen != null) {
            ctx.status(chosen.status()).json(chosen.body());
            return;
        }
        ctx.status(200).contentType("application/json").result(result == null ? "null" : result);
    }

    private static Map<String, Object> summary(Run run, boolean withResult) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", run.id());
        out.put("rule", run.rule());
        out.put("status", run.status());
        out.put("url", url(run));
        if (withResult) {
            RuleResponse chosen = RuleResponse.of(run.result());
            out.put("result", chosen == null ? parse(run.result()) : chosen.body());
            if (chosen != null) {
                out.put("response", Map.of("status", chosen.status()));
            }
        }
        return out;
    }

    /** The error's code and message; the code left out where it only repeats the status (TIMED_OUT, CANCELLED). */
    private static String errorMessage(RunStatus status, String errorJson) {
        JsonNode error = parse(errorJson);
        if (error == null) {
            return errorJson;
        }
        String code = error.path("code").asText();
        String message = error.path("message").asText();
        return code.equals(status.name()) ? message : code + ": " + message;
    }

    private static JsonNode parse(String json) {
        try {
            return json == null ? null : Json.MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    static String url(Run run) {
        return "/api/v1/runs/" + run.id();
    }
}
