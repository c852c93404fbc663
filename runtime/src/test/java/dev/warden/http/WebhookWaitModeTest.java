package dev.warden.http;

import static dev.warden.testing.TestWarden.ADMIN_KEY;
import static dev.warden.testing.TestWarden.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import dev.warden.testing.TestWarden;

/** Wait mode: what Confluence Automation's "Send web request" reads when it waits for the response. */
class WebhookWaitModeTest {

    @TempDir
    static Path dir;
    static TestWarden warden;

    @BeforeAll
    static void start() {
        warden = TestWarden.in(dir).rule("rules.js", """
                import { rule, webhook, manual, respond } from 'warden';
                export const classify = rule({ id: 'classify', triggers: [webhook('classify')],
                  run: ({ event }) => ({ level: 'internal', pageId: event.body.pageId }) });
                export const locked = rule({ id: 'locked', triggers: [webhook('locked')],
                  run: ({ event }) => respond(409, { reason: 'page ' + event.body.pageId + ' is locked' }) });
                export const status = rule({ id: 'status', triggers: [webhook('status')],
                  run: () => ({ status: 409, body: 'just data' }) });
                export const slow = rule({ id: 'slow', triggers: [webhook('slow')],
                  run: () => { const end = Date.now() + 1500; while (Date.now() < end) {} return 'late'; } });
                export const broken = rule({ id: 'broken', triggers: [webhook('broken')],
                  run: () => { throw new Error('no such page'); } });
                export const spin = rule({ id: 'spin', timeout: '300ms', triggers: [webhook('spin')],
                  run: () => { while (true) {} } });
                export const one = rule({ id: 'one', triggers: [webhook('both')], run: () => 1 });
                export const two = rule({ id: 'two', triggers: [webhook('both')], run: () => 2 });
                export const pairPlain = rule({ id: 'pair-plain', triggers: [webhook('pair')],
                  run: () => ({ level: 'internal' }) });
                export const pairLocked = rule({ id: 'pair-locked', triggers: [webhook('pair')],
                  run: () => respond(409, { reason: 'locked' }) });
                export const huge = rule({ id: 'huge', triggers: [webhook('huge')],
                  run: () => respond(409, { reason: 'locked', detail: 'x'.repeat(100000) }) });
                export const byHand = rule({ id: 'by-hand', triggers: [manual()],
                  run: () => respond(409, { reason: 'locked' }) });
                """).start();
    }

    @AfterAll
    static void stop() {
        warden.close();
    }

    private static HttpResponse<String> hook(String pathAndQuery, String... extraHeaders) {
        String[] headers = new String[4 + extraHeaders.length];
        headers[0] = "x-api-key";
        headers[1] = ADMIN_KEY;
        headers[2] = "Content-Type";
        headers[3] = "application/json";
        System.arraycopy(extraHeaders, 0, headers, 4, extraHeaders.length);
        return warden.post("/hooks/" + pathAndQuery, "{\"pageId\":\"7\"}", headers);
    }

    @Test
    void waitModeAnswers200WithTheRulesResultAndNamesTheRun() {
        HttpResponse<String> response = hook("classify?wait=20s");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"level\":\"internal\",\"pageId\":\"7\"}");
        String runId = response.headers().firstValue("X-Warden-Run-Id").orElseThrow();
        assertThat(response.headers().firstValue("Location")).contains("/api/v1/runs/" + runId);
        assertThat(json(warden.admin("GET", "/api/v1/runs/" + runId, null)).get("status").asText())
                .as("the record is final when the answer comes").isEqualTo("SUCCEEDED");
    }

    /**
     * The answer goes out once the run's end is in the run journal, before the database has it; a read made right
     * after it must still find the run as it ended, every time.
     */
    @Test
    void everyWaitModeRunReadRightAfterItsAnswerIsStoredAsItEnded() {
        for (int i = 0; i < 40; i++) {
            HttpResponse<String> response = warden.post("/hooks/classify?wait=20s", "{\"pageId\":\"p" + i + "\"}",
                    "x-api-key", ADMIN_KEY, "Content-Type", "application/json");
            assertThat(response.statusCode()).isEqualTo(200);
            String runId = response.headers().firstValue("X-Warden-Run-Id").orElseThrow();
            JsonNode run = json(warden.admin("GET", "/api/v1/runs/" + runId, null));
            assertThat(run.get("status").asText()).as("run %d", i).isEqualTo("SUCCEEDED");
            assertThat(run.get("result").get("pageId").asText()).isEqualTo("p" + i);
            JsonNode listed = json(warden.admin("GET", "/api/v1/runs?rule=classify&limit=1", null)).get("runs").get(0);
            assertThat(listed.get("id").asText()).isEqualTo(runId);
            assertThat(listed.get("status").asText()).isEqualTo("SUCCEEDED");
        }
    }

    @Test
    void aWaitGivenTwiceWithTwoValuesIsA400StartingNoRunAndTheSameValueTwiceIsOneWait() {
        String newest = json(warden.admin("GET", "/api/v1/runs?limit=1", null)).get("runs").toString();
        HttpResponse<String> response = hook("classify?wait=1ms&wait=20s");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).get("error").get("message").asText()).contains("'wait'", "'1ms', '20s'");
        assertThat(json(warden.admin("GET", "/api/v1/runs?limit=1", null)).get("runs").toString())
                .as("no run started").isEqualTo(newest);
        HttpResponse<String> same = hook("classify?wait=20s&wait=20s");
        assertThat(same.statusCode()).isEqualTo(200);
        assertThat(json(same).get("level").asText()).isEqualTo("internal");
    }

    @Test
    void preferWaitHeaderWorksLikeTheQueryParameter() {
        HttpResponse<String> response = hook("classify", "Prefer", "wait=20");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Preference-Applied")).contains("wait=20");
        assertThat(json(response).get("level").asText()).isEqualTo("internal");
    }

    @Test
    void ruleChoosesTheStatusAndBodyWithRespond() {
        HttpResponse<String> response = hook("locked?wait=20s");
        assertThat(response.statusCode()).isEqualTo(409);
        assertThat(json(response).get("reason").asText()).isEqualTo("page 7 is locked");
    }

    @Test
    void aRespondBodyTooLargeToKeepWholeKeepsItsStatusAndIsCutWithoutTheMarker() {
        HttpResponse<String> response = hook("huge?wait=20s");
        assertThat(response.statusCode()).isEqualTo(409);
        JsonNode body = json(response);
        assertThat(body.get("truncated").asBoolean()).isTrue();
        assertThat(body.get("preview").asText()).startsWith("{\"reason\":\"locked\"");
        assertThat(response.body()).doesNotContain("__warden");
        String runId = response.headers().firstValue("X-Warden-Run-Id").orElseThrow();
        JsonNode run = json(warden.admin("GET", "/api/v1/runs/" + runId, null));
        assertThat(run.get("response").get("status").asInt()).isEqualTo(409);
        assertThat(run.get("result").get("truncated").asBoolean()).isTrue();
    }

    @Test
    void plainResultWithAStatusFieldIsNotTakenForAnHttpStatus() {
        HttpResponse<String> response = hook("status?wait=20s");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response).get("status").asInt()).isEqualTo(409);
    }

    @Test
    void ruleSlowerThanTheWaitAnswers202WithItsRunIds() {
        HttpResponse<String> response = hook("slow?wait=200ms");
        assertThat(response.statusCode()).isEqualTo(202);
        JsonNode run = json(response).get("runs").get(0);
        assertThat(run.get("rule").asText()).isEqualTo("slow");
        assertThat(run.get("status").asText()).isIn("QUEUED", "RUNNING");
        assertThat(warden.awaitRun(run.get("id").asText()).get("result").asText()).isEqualTo("late");
    }

    @Test
    void failingRuleAnswers500WithTheErrorAndTheRunIds() {
        HttpResponse<String> response = hook("broken?wait=20s");
        assertThat(response.statusCode()).isEqualTo(500);
        JsonNode body = json(response);
        assertThat(body.get("error").get("code").asText()).isEqualTo("RUN_FAILED");
        assertThat(body.get("error").get("message").asText()).contains("no such page");
        assertThat(body.get("runs").get(0).get("status").asText()).isEqualTo("FAILED");
    }

    @Test
    void ruleThatTimesOutAnswers504SayingTimedOutOnce() {
        HttpResponse<String> response = hook("spin?wait=20s");
        assertThat(response.statusCode()).isEqualTo(504);
        assertThat(json(response).get("error").get("code").asText()).isEqualTo("RUN_TIMED_OUT");
        assertThat(json(response).get("error").get("message").asText()).contains("timeout of 300ms")
                .containsOnlyOnce("TIMED_OUT");
    }

    @Test
    void hookWithTwoRulesAnswersWithBothResults() {
        HttpResponse<String> response = hook("both?wait=20s");
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode runs = json(response).get("runs");
        assertThat(runs).hasSize(2);
        assertThat(runs.findValuesAsText("rule")).containsExactlyInAnyOrder("one", "two");
        assertThat(runs.findValues("result").stream().map(JsonNode::asInt)).containsExactlyInAnyOrder(1, 2);
    }

    @Test
    void hookWithTwoRulesShowsTheBodyAndStatusEachChoseWithRespondButNeverTheMarker() {
        HttpResponse<String> response = hook("pair?wait=20s");
        assertThat(response.statusCode()).as("the runs' chosen statuses may differ: the whole is 200").isEqualTo(200);
        assertThat(response.body()).doesNotContain("__warden");
        JsonNode locked = runOf(json(response).get("runs"), "pair-locked");
        assertThat(locked.get("status").asText()).as("the run's own status").isEqualTo("SUCCEEDED");
        assertThat(locked.get("result")).isEqualTo(parsed("{\"reason\":\"locked\"}"));
        assertThat(locked.get("response").get("status").asInt()).isEqualTo(409);
        JsonNode plain = runOf(json(response).get("runs"), "pair-plain");
        assertThat(plain.get("result").get("level").asText()).isEqualTo("internal");
        assertThat(plain.has("response")).as("a plain result chose no status").isFalse();
    }

    @Test
    void theApiShowsARespondRunsBodyAsItsResultAndTheStatusBesideIt() {
        String runId = hook("locked?wait=20s").headers().firstValue("X-Warden-Run-Id").orElseThrow();
        HttpResponse<String> one = warden.admin("GET", "/api/v1/runs/" + runId, null);
        assertThat(one.body()).doesNotContain("__warden");
        assertThat(json(one).get("result").get("reason").asText()).isEqualTo("page 7 is locked");
        assertThat(json(one).get("response").get("status").asInt()).isEqualTo(409);
        HttpResponse<String> list = warden.admin("GET", "/api/v1/runs?rule=locked&limit=1", null);
        assertThat(list.body()).doesNotContain("__warden");
        JsonNode listed = json(list).get("runs").get(0);
        assertThat(listed.get("id").asText()).isEqualTo(runId);
        assertThat(listed.get("result").get("reason").asText()).isEqualTo("page 7 is locked");
        assertThat(listed.get("response").get("status").asInt()).isEqualTo(409);
        HttpResponse<String> plain = warden.admin("GET", "/api/v1/runs/"
                + hook("classify?wait=20s").headers().firstValue("X-Warden-Run-Id").orElseThrow(), null);
        assertThat(json(plain).has("response")).isFalse();
    }

    @Test
    void runNowInWaitModeAnswersTheRunWithoutTheMarker() {
        HttpResponse<String> response = warden.admin("POST", "/api/v1/rules/by-hand/runs?wait=20s", "{}");
        assertThat(response.statusCode()).as("the finished run, as GET /api/v1/runs/{id} shows it").isEqualTo(200);
        assertThat(response.body()).doesNotContain("__warden");
        JsonNode run = json(response);
        assertThat(run.get("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(run.get("result")).isEqualTo(parsed("{\"reason\":\"locked\"}"));
        assertThat(run.get("response").get("status").asInt()).isEqualTo(409);
    }

    /** The stored result keeps respond()'s mark: a retry is answered from it, with the status the rule chose. */
    @Test
    void retryInWaitModeGetsTheStatusAndBodyTheRuleChose() {
        HttpResponse<String> first = hook("locked?wait=20s", "Idempotency-Key", "locked-1");
        HttpResponse<String> retry = hook("locked?wait=20s", "Idempotency-Key", "locked-1");
        assertThat(retry.headers().firstValue("Idempotent-Replayed")).contains("true");
        assertThat(retry.headers().firstValue("X-Warden-Run-Id")).isEqualTo(first.headers().firstValue("X-Warden-Run-Id"));
        assertThat(retry.statusCode()).isEqualTo(409);
        assertThat(retry.body()).isEqualTo(first.body()).isEqualTo("{\"reason\":\"page 7 is locked\"}");
    }

    private static JsonNode runOf(JsonNode runs, String rule) {
        for (JsonNode run : runs) {
            if (run.get("rule").asText().equals(rule)) {
                return run;
            }
        }
        throw new AssertionError("no run of " + rule + " in " + runs);
    }

    private static JsonNode parsed(String text) {
        try {
            return TestWarden.JSON.readTree(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void badWaitValueIs400AndStartsNothing() {
        long before = warden.warden().runs().count();
        HttpResponse<String> response = hook("classify?wait=soon");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).get("error").get("message").asText()).contains("wait");
        assertThat(warden.warden().runs().count()).isEqualTo(before);
    }
}
