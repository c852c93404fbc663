package dev.warden.http;

import static dev.warden.testing.TestWarden.ADMIN_KEY;
import static dev.warden.testing.TestWarden.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import dev.warden.testing.RawHttp;
import dev.warden.testing.TestWarden;

/** The runs API: list with filters and a cursor, get, logs, cancel; and running a rule now or replaying a run. */
class RunsApiTest {

    @TempDir
    Path dir;
    TestWarden warden;

    @BeforeEach
    void start() {
        warden = TestWarden.in(dir).rule("rules.js", """
                import { rule, manual, webhook } from 'warden';
                export const hello = rule({ id: 'hello', triggers: [manual()], run: ({ event, log }) => {
                  log.info('greeting', { who: event.body?.who ?? null }); return 'hi ' + event.body?.who; } });
                export const hooked = rule({ id: 'hooked', triggers: [webhook('in')],
                  run: ({ event }) => ({ got: event.body.n, source: event.query?.source ?? null,
                    replayOf: event.replayOf ?? null }) });
                export const busy = rule({ id: 'busy', timeout: '20s', triggers: [manual()],
                  run: () => { while (true) {} } });
                """).env("WARDEN_ENGINE_WORKERS", "1").start();
    }

    @AfterEach
    void stop() {
        warden.close();
    }

    private String runNow(String rule, String body) {
        return runNow(rule, "", body);
    }

    private String runNow(String rule, String query, String body) {
        HttpResponse<String> response = warden.admin("POST", "/api/v1/rules/" + rule + "/runs" + query, body);
        assertThat(response.statusCode()).as(response.body()).isIn(200, 202);
        return json(response).get("id").asText();
    }

    @Test
    void runsAreListedNewestFirstWithFiltersAndACursor() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(runNow("hello", "{\"who\":\"n" + i + "\"}"));
        }
        ids.forEach(warden::awaitRun);
        JsonNode page = json(warden.admin("GET", "/api/v1/runs?rule=hello&status=succeeded&limit=2", null));
        assertThat(page.get("runs").findValuesAsText("id")).containsExactly(ids.get(4), ids.get(3));
        String next = page.get("next").asText();
        JsonNode second = json(warden.admin("GET", "/api/v1/runs?rule=hello&limit=2&before=" + next, null));
        assertThat(second.get("runs").findValuesAsText("id")).containsExactly(ids.get(2), ids.get(1));
        assertThat(json(warden.admin("GET", "/api/v1/runs?status=failed", null)).get("runs")).isEmpty();
        assertThat(warden.admin("GET", "/api/v1/runs?status=bogus", null).statusCode()).isEqualTo(400);
    }

    @Test
    void badPercentEscapeInAFilterIs400NamingTheParameterNotAnUnfilteredList() {
        warden.awaitRun(runNow("hello", "{\"who\":\"x\"}"));
        for (String name : List.of("rule", "status", "before")) {
            RawHttp.Response response = warden.raw("GET", "/api/v1/runs?limit=5&" + name + "=%zz", null,
                    "x-api-key", ADMIN_KEY);
            assertThat(response.status()).as(name + ": " + response.body()).isEqualTo(400);
            JsonNode error = response.json().get("error");
            assertThat(error.get("code").asText()).isEqualTo("BAD_REQUEST");
            assertThat(error.get("message").asText()).contains("'" + name + "'").contains("%zz");
        }
    }

    @Test
    void aQueryParameterTheRouteDoesNotTakeIs400NamingItAndWhatTheRouteTakesNotTheFirstPageAgain() {
        warden.awaitRun(runNow("hello", "{\"who\":\"x\"}"));
        RawHttp.Response cursor = warden.raw("GET", "/api/v1/runs?limit=1&cursor=01M98BCRWQZKXXBAGHP8R3ZXHW", null,
                "x-api-key", ADMIN_KEY);
        assertThat(cursor.status()).as(cursor.body()).isEqualTo(400);
        assertThat(cursor.json().get("error").get("message").asText()).contains("'cursor'",
                "GET /api/v1/runs takes before, limit, rule, status", "?before=");
        RawHttp.Response typo = warden.raw("GET", "/api/v1/rules/hello?verbose=1", null, "x-api-key", ADMIN_KEY);
        assertThat(typo.status()).isEqualTo(400);
        assertThat(typo.json().get("error").get("message").asText()).contains("'verbose'", "takes none");
        assertThat(warden.raw("GET", "/api/v1/runs?cursor=x", null).status()).as("authentication comes first")
                .isEqualTo(401);
        assertThat(warden.raw("GET", "/api/v1/runs?limit=1&rule=hello", null, "x-api-key", ADMIN_KEY).status())
                .isEqualTo(200);
    }

    @Test
    void runHasItsInputResultAndLogs() {
        String id = runNow("hello", "?wait=10s", "{\"who\":\"ada\"}");
        JsonNode run = json(warden.admin("GET", "/api/v1/runs/" + id, null));
        assertThat(run.get("input").get("who").asText()).isEqualTo("ada");
        assertThat(run.get("result").asText()).isEqualTo("hi ada");
        JsonNode logs = json(warden.admin("GET", "/api/v1/runs/" + id + "/logs", null));
        assertThat(logs.get("logs").get(0).get("message").asText()).isEqualTo("greeting");
        assertThat(logs.get("logs").get(0).get("fields").get("who").asText()).isEqualTo("ada");
        assertThat(warden.admin("GET", "/api/v1/runs/NOPE/logs", null).statusCode()).isEqualTo(404);
    }

    @Test
    void replayRunsARuleAgainWithAPastRunsEventAndLinksBackToIt() {
        HttpResponse<String> hooked = warden.post("/hooks/in?wait=10s&source=automation", "{\"n\":41}", "x-api-key",
                ADMIN_KEY, "Content-Type", "application/json");
        String past = hooked.headers().firstValue("X-Warden-Run-Id").orElseThrow();
        assertThat(json(hooked).get("replayOf").isNull()).as(hooked.body()).isTrue();
        HttpResponse<String> replay = warden.admin("POST", "/api/v1/rules/hooked/runs?replay=" + past + "&wait=10s",
                null);
        assertThat(replay.statusCode()).isEqualTo(200);
        JsonNode run = json(replay);
        assertThat(run.get("result").get("got").asInt()).isEqualTo(41);
        assertThat(run.get("result").get("source").asText()).as("the past request's query").isEqualTo("automation");
        assertThat(run.get("result").get("replayOf").asText()).as("event.replayOf").isEqualTo(past);
        assertThat(run.get("trigger").get("type").asText()).isEqualTo("webhook");
        assertThat(run.get("trigger").get("replayOf").asText()).isEqualTo(past);
        assertThat(run.get("id").asText()).isNotEqualTo(past);
        JsonNode stored = json(warden.admin("GET", "/api/v1/runs/" + run.get("id").asText(), null));
        assertThat(stored.get("trigger").get("replayOf").asText()).isEqualTo(past);
        assertThat(json(warden.admin("GET", "/api/v1/runs/" + past, null)).get("trigger").has("replayOf")).isFalse();
        assertThat(warden.admin("POST", "/api/v1/rules/hooked/runs?replay=NOPE", null).statusCode()).isEqualTo(404);
    }

    @Test
    void aLimitTooLargeForAnyNumberIsOutOfRangeNotNotAWholeNumber() {
        HttpResponse<String> huge = warden.admin("GET", "/api/v1/runs?limit=99999999999999999999", null);
        assertThat(huge.statusCode()).isEqualTo(400);
        assertThat(json(huge).get("error").get("message").asText()).isEqualTo("limit must be between 1 and 500");
        assertThat(json(warden.admin("GET", "/api/v1/runs?limit=ten", null)).get("error").get("message").asText())
                .contains("must be a whole number");
    }

    @Test
    void aPreferWaitThatIsNotWholeSecondsIsIgnoredNotReadAsTheDigitsBeforeItsUnit() {
        for (String prefer : List.of("wait=1e9", "wait=20m", "wait=5.5")) {
            HttpResponse<String> answer = warden.send("POST", "/api/v1/rules/hello/runs", "{\"who\":\"prefer\"}",
                    "x-api-key", ADMIN_KEY, "Content-Type", "application/json", "Prefer", prefer);
            assertThat(answer.statusCode()).as(prefer + ": " + answer.body()).isEqualTo(202);
            assertThat(answer.headers().firstValue("Preference-Applied")).as(prefer).isEmpty();
        }
        HttpResponse<String> kept = warden.send("POST", "/api/v1/rules/hello/runs", "{\"who\":\"prefer\"}",
                "x-api-key", ADMIN_KEY, "Content-Type", "application/json", "Prefer", "respond-async, wait=5");
        assertThat(kept.headers().firstValue("Preference-Applied")).contains("wait=5");
    }

    @Test
    void aBadWaitRefusesARunByHandBeforeItStartsAndAHugeOneIsCappedInTheQueryAsInPrefer() {
        for (String[] bad : List.of(new String[] {"/api/v1/rules/hello/runs?wait=garbage"},
                new String[] {"/api/v1/rules/hooked/runs?replay=ANY&wait=-1s"})) {
            HttpResponse<String> refused = warden.admin("POST", bad[0], "{\"who\":\"bad-wait\"}");
            assertThat(refused.statusCode()).as(bad[0] + ": " + refused.body()).isEqualTo(400);
            assertThat(json(refused).get("error").get("message").asText()).startsWith("wait:");
        }
        HttpResponse<String> huge = warden.send("POST", "/api/v1/rules/hello/runs", "{\"who\":\"huge\"}",
                "x-api-key", ADMIN_KEY, "Content-Type", "application/json", "Prefer", "wait=99999999999999999999");
        assertThat(huge.statusCode()).as(huge.body()).isEqualTo(200);
        assertThat(huge.headers().firstValue("Preference-Applied")).contains("wait=60");
        HttpResponse<String> hugeQuery = warden.admin("POST", "/api/v1/rules/hello/runs?wait=99999999999999999999999",
                "{\"who\":\"huge-query\"}");
        assertThat(hugeQuery.statusCode()).as("a wait too long for any duration is capped, not refused: "
                + hugeQuery.body()).isEqualTo(200);
        List<String> who = new ArrayList<>();
        json(warden.admin("GET", "/api/v1/runs?rule=hello", null)).get("runs")
                .forEach(r -> who.add(r.get("id").asText()));
        assertThat(who).as("only the capped waits' runs went ahead").hasSize(2);
    }

    @Test
    void aReplayWithAnIdempotencyKeyRunsOnceAndAnswersRetriesWithTheSameRun() {
        HttpResponse<String> hooked = warden.post("/hooks/in?wait=10s", "{\"n\":7}", "x-api-key", ADMIN_KEY,
                "Content-Type", "application/json");
        String past = hooked.headers().firstValue("X-Warden-Run-Id").orElseThrow();
        String path = "/api/v1/rules/hooked/runs?replay=" + past + "&wait=10s";
        HttpResponse<String> first = warden.send("POST", path, null, "x-api-key", ADMIN_KEY, "Idempotency-Key",
                "replay-once-1");
        HttpResponse<String> retry = warden.send("POST", path, null, "x-api-key", ADMIN_KEY, "Idempotency-Key",
                "replay-once-1");
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(json(retry).get("id").asText()).isEqualTo(json(first).get("id").asText());
        assertThat(retry.headers().firstValue("Idempotent-Replayed")).contains("true");
        assertThat(json(warden.admin("GET", "/api/v1/runs?rule=hooked", null)).get("runs")).hasSize(2);
    }

    @Test
    void aBodyThatEndsBeforeItsContentLengthIs400AndRunsNothing() {
        for (String target : List.of("/api/v1/rules/hello/runs", "/hooks/in")) {
            RawHttp.Response cut = RawHttp.sendShort(warden.port(), target, 100, "{\"who\":", true,
                    "x-api-key", ADMIN_KEY, "Content-Type", "application/json");
            assertThat(cut.status()).as(target + ": " + cut.body()).isEqualTo(400);
            assertThat(cut.json().get("error").get("code").asText()).isEqualTo("INCOMPLETE_BODY");
        }
        assertThat(warden.send("POST", "/api/v1/rules/hello/runs", "{}", "x-api-key", ADMIN_KEY, "Content-Type",
                "application/json; charset=klingon").statusCode()).as("an unknown charset").isEqualTo(415);
        assertThat(json(warden.admin("GET", "/api/v1/runs", null)).get("runs")).isEmpty();
    }

    @Test
    void ruleWithoutManualTriggerCannotBeRunByHand() {
        HttpResponse<String> response = warden.admin("POST", "/api/v1/rules/hooked/runs", "{}");
        assertThat(response.statusCode()).isEqualTo(409);
        assertThat(json(response).get("error").get("code").asText()).isEqualTo("NO_MANUAL_TRIGGER");
    }

    @Test
    void aRunCancelledBecauseWardenStoppedSaysSo() {
        String running = runNow("busy", "{}");
        for (int i = 0; i < 300 && !warden.awaitStatusIs(running, "RUNNING"); i++) {
            TestWarden.sleep(10);
        }
        warden.restart();
        JsonNode run = json(warden.admin("GET", "/api/v1/runs/" + running, null));
        assertThat(run.get("status").asText()).isEqualTo("CANCELLED");
        assertThat(run.get("error").get("message").asText()).contains("because Warden was stopping");
    }

    @Test
    void cancellingAQueuedRunEndsItWithoutStartingAndARunningOneStopsIt() {
        String running = runNow("busy", "{}");
        for (int i = 0; i < 300 && !warden.awaitStatusIs(running, "RUNNING"); i++) {
            TestWarden.sleep(10);
        }
        String queued = runNow("hello", "{\"who\":\"late\"}");
        JsonNode cancelledQueued = json(warden.admin("POST", "/api/v1/runs/" + queued + "/cancel", null));
        assertThat(cancelledQueued.get("status").asText()).isEqualTo("CANCELLED");
        assertThat(cancelledQueued.has("startedAt")).isFalse();

        JsonNode cancelledRunning = json(warden.admin("POST", "/api/v1/runs/" + running + "/cancel", null));
        assertThat(cancelledRunning.get("status").asText()).isEqualTo("CANCELLED");
        assertThat(warden.admin("POST", "/api/v1/runs/" + running + "/cancel", null).statusCode())
                .as("already ended").isEqualTo(409);
        assertThat(warden.awaitRun(runNow("hello", "{\"who\":\"next\"}")).get("status").asText())
                .as("the worker serves on").isEqualTo("SUCCEEDED");
    }
}
