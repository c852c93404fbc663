package dev.warden.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import dev.warden.testing.SimpleWarden;

class RulesAndRunsApiTest {

    @TempDir
    Path dir;
    SimpleWarden warden;

    @BeforeEach
    void start() throws Exception {
        warden = new SimpleWarden(dir);
        Files.createDirectories(warden.rulesDir());
        Files.writeString(warden.rulesDir().resolve("echo.js"), """
                import { rule, manual, webhook } from 'warden';
                export default rule({
                  id: 'echo', description: 'echoes', triggers: [manual()],
                  run({ event, log }) { log.info('echo', { n: event.body.n }); return { n: event.body.n * 2 }; },
                });
                export const hookOnly = rule({ id: 'hook-only', triggers: [webhook('x')], run() {} });
                export const fails = rule({ id: 'fails', triggers: [manual()], run() { throw new Error('no'); } });
                """);
        warden.start();
    }

    @AfterEach
    void stop() {
        warden.close();
    }

    @Test
    void healthReportsRulesLoaded() {
        JsonNode health = warden.get("/health").json();
        assertThat(health.path("status").asText()).isEqualTo("UP");
        assertThat(health.path("rules").asInt()).isEqualTo(3);
    }

    @Test
    void rulesAreListedWithTheirTriggersAndTimeout() {
        JsonNode rules = warden.get("/api/v1/rules").json().path("rules");
        assertThat(rules).hasSize(3);
        JsonNode echo = rules.get(0);
        assertThat(echo.path("id").asText()).isEqualTo("echo");
        assertThat(echo.path("triggers").get(0).path("type").asText()).isEqualTo("manual");
        assertThat(echo.path("timeout").asText()).isEqualTo("30s");
        assertThat(warden.get("/api/v1/rules/echo").json().path("source").asText()).contains("echoes");
    }

    @Test
    void manualRunWithWaitReturnsTheRecordedRun() {
        SimpleWarden.Response answer = warden.post("/api/v1/rules/echo/runs?wait=10s", "{\"n\": 21}");
        assertThat(answer.status()).isEqualTo(200);
        JsonNode run = answer.json();
        assertThat(run.path("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(run.path("result").path("n").asInt()).isEqualTo(42);
        assertThat(run.path("input").path("n").asInt()).isEqualTo(21);
        assertThat(run.path("logs").get(0).path("fields").path("n").asInt()).isEqualTo(21);
        assertThat(run.path("fileVersion").asText()).hasSize(12);
        assertThat(run.path("durationMs").isNumber()).isTrue();
        JsonNode stored = warden.get("/api/v1/runs/" + run.path("id").asText()).json();
        assertThat(stored.path("status").asText()).isEqualTo("SUCCEEDED");
    }

    @Test
    void runNowAnswersWithTheTimesTheStoredRunHas() {
        // Several runs: the clock's sub-millisecond part is rarely zero for all of them.
        for (int i = 0; i < 5; i++) {
            JsonNode answered = warden.post("/api/v1/rules/echo/runs?wait=10s", "{\"n\": " + i + "}").json();
            assertThat(answered.path("status").asText()).isEqualTo("SUCCEEDED");
            JsonNode stored = warden.get("/api/v1/runs/" + answered.path("id").asText()).json();
            for (String time : new String[] {"createdAt", "startedAt", "finishedAt"}) {
                assertThat(answered.path(time).asText()).as(time).isNotEmpty()
                        .isEqualTo(stored.path(time).asText());
            }
            assertThat(java.time.Instant.parse(answered.path("createdAt").asText()))
                    .isEqualTo(com.github.f4b6a3.ulid.Ulid.getInstant(answered.path("id").asText()));
        }
    }

    @Test
    void manualRunWithoutWaitAnswers202WithTheRunUrl() throws Exception {
        SimpleWarden.Response answer = warden.post("/api/v1/rules/echo/runs", "{\"n\": 1}");
        assertThat(answer.status()).isEqualTo(202);
        String id = answer.json().path("id").asText();
        assertThat(answer.header("Location")).isEqualTo("/api/v1/runs/" + id);
        warden.warden().runs().completion(id).get();
        assertThat(warden.get("/api/v1/runs/" + id).json().path("result").path("n").asInt()).isEqualTo(2);
    }

    @Test
    void failedRunRecordsTheErrorWithFileAndLine() {
        JsonNode run = warden.post("/api/v1/rules/fails/runs?wait=10s", "").json();
        assertThat(run.path("status").asText()).isEqualTo("FAILED");
        assertThat(run.path("error").path("file").asText()).isEqualTo("echo.js");
        assertThat(run.path("error").path("line").asInt()).isEqualTo(7);
        assertThat(run.path("error").path("message").asText()).contains("no");
    }

    @Test
    void runsCanBeFilteredByRuleAndStatus() throws Exception {
        warden.post("/api/v1/rules/echo/runs?wait=10s", "{\"n\": 1}");
        warden.post("/api/v1/rules/fails/runs?wait=10s", "");
        JsonNode failed = warden.get("/api/v1/runs?status=failed").json().path("runs");
        assertThat(failed).hasSize(1);
        assertThat(failed.get(0).path("rule").asText()).isEqualTo("fails");
        assertThat(warden.get("/api/v1/runs?rule=echo&limit=1").json().path("runs")).hasSize(1);
        assertThat(warden.get("/api/v1/runs?status=sleeping").status()).isEqualTo(400);
    }

    @Test
    void unknownRuleIs404WithJsonError() {
        SimpleWarden.Response answer = warden.post("/api/v1/rules/nope/runs", "{}");
        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.json().path("error").path("code").asText()).isEqualTo("NOT_FOUND");
        assertThat(answer.json().path("error").path("message").asText()).contains("nope");
    }

    @Test
    void malformedJsonIs400NamingTheLineAndColumn() {
        SimpleWarden.Response answer = warden.post("/api/v1/rules/echo/runs", "{\"n\": 1,\n  oops}");
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json().path("error").path("code").asText()).isEqualTo("MALFORMED_JSON");
        assertThat(answer.json().path("error").path("message").asText()).contains("line 2, column");
    }

    @Test
    void ruleWithoutManualTriggerCannotBeRunByHand() {
        SimpleWarden.Response answer = warden.post("/api/v1/rules/hook-only/runs", "{}");
        assertThat(answer.status()).isEqualTo(409);
        assertThat(answer.json().path("error").path("message").asText()).contains("manual()");
    }

    @Test
    void unknownRouteAnswersJson404() {
        SimpleWarden.Response answer = warden.get("/api/v1/nothing-here");
        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.json().path("error").path("code").asText()).isEqualTo("NOT_FOUND");
    }

    @Test
    void unknownRunIs404() {
        assertThat(warden.get("/api/v1/runs/01ABSENT").status()).isEqualTo(404);
    }
}
