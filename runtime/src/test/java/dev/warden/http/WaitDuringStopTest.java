package dev.warden.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import dev.warden.testing.TestWarden;

/**
 * A caller waiting for its run (wait mode) while Warden stops gets its run id, as when the wait runs out, not a 500
 * "EofException" with two stack traces in the log (the answer went to a request thread pool already stopped).
 */
class WaitDuringStopTest {

    @TempDir
    Path dir;

    @Test
    void aCallerWaitingForItsRunWhileWardenStopsGetsTheRunIdWith202() throws Exception {
        TestWarden warden = TestWarden.in(dir).env("WARDEN_ENGINE_WORKERS", "1").rule("slow.js", """
                import { rule, manual, webhook } from 'warden';
                export default rule({ id: 'slow', triggers: [manual(), webhook('slow')], timeout: '20s', run() {
                  const end = Date.now() + 5000; while (Date.now() < end) {} return 'late';
                } });
                """).start();
        try {
            CompletableFuture<HttpResponse<String>> manual = CompletableFuture.supplyAsync(() ->
                    warden.admin("POST", "/api/v1/rules/slow/runs?wait=30s", "{}"));
            CompletableFuture<HttpResponse<String>> hook = CompletableFuture.supplyAsync(() ->
                    warden.post("/hooks/slow?wait=30s", "{}", "x-api-key", TestWarden.ADMIN_KEY,
                            "Content-Type", "application/json"));
            TestWarden.sleep(1500);
            warden.warden().close();
            HttpResponse<String> manualAnswer = manual.get(10, TimeUnit.SECONDS);
            assertThat(manualAnswer.statusCode()).as(manualAnswer.body()).isEqualTo(202);
            assertThat(TestWarden.json(manualAnswer).path("id").asText()).isNotEmpty();
            HttpResponse<String> hookAnswer = hook.get(10, TimeUnit.SECONDS);
            assertThat(hookAnswer.statusCode()).as(hookAnswer.body()).isEqualTo(202);
            JsonNode runs = TestWarden.json(hookAnswer).path("runs");
            assertThat(runs.size()).isEqualTo(1);
            assertThat(runs.get(0).path("id").asText()).isNotEmpty();
        } finally {
            warden.close();
        }
    }
}
