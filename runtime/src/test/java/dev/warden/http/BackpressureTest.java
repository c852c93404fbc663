package dev.warden.http;

import static dev.warden.testing.TestWarden.ADMIN_KEY;
import static dev.warden.testing.TestWarden.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.warden.testing.TestWarden;

/** A full run queue refuses with 429 and Retry-After before storing anything; what it accepted all runs. */
class BackpressureTest {

    @TempDir
    Path dir;
    TestWarden warden;

    @BeforeEach
    void start() {
        warden = TestWarden.in(dir).rule("hooks.js", """
                import { rule, webhook } from 'warden';
                export const busy = rule({ id: 'busy', triggers: [webhook('busy')],
                  run: () => { const end = Date.now() + 800; while (Date.now() < end) {} return 'done'; } });
                export const pair1 = rule({ id: 'pair-1', triggers: [webhook('pair')], run: () => 1 });
                export const pair2 = rule({ id: 'pair-2', triggers: [webhook('pair')], run: () => 2 });
                """).env("WARDEN_ENGINE_WORKERS", "1").env("WARDEN_ENGINE_QUEUE_CAPACITY", "2").start();
    }

    @AfterEach
    void stop() {
        warden.close();
    }

    private HttpResponse<String> hook(String name) {
        return warden.post("/hooks/" + name, "{}", "x-api-key", ADMIN_KEY);
    }

    private void awaitRunning(String runId) {
        for (int i = 0; i < 500; i++) {
            if (json(warden.admin("GET", "/api/v1/runs/" + runId, null)).get("status").asText().equals("RUNNING")) {
                return;
            }
            TestWarden.sleep(10);
        }
        throw new AssertionError("run " + runId + " never started");
    }

    @Test
    void fullQueueAnswers429WithRetryAfterAndStoresNothing() {
        String running = json(hook("busy")).get("runs").get(0).get("id").asText();
        awaitRunning(running);
        String queued1 = json(hook("busy")).get("runs").get(0).get("id").asText();
        String queued2 = json(hook("busy")).get("runs").get(0).get("id").asText();
        long stored = warden.warden().runs().count();

        HttpResponse<String> refused = hook("busy");
        new SchemaCheck(json(warden.get("/api/openapi.json"))).conforms("POST", "/hooks/{name}", refused, 429);
        // No run has ended yet (the first one ending would have made room): how long the backlog is is not known.
        assertThat(refused.headers().firstValue("Retry-After")).contains("5");
        assertThat(json(refused).get("error").get("code").asText()).isEqualTo("QUEUE_FULL");
        assertThat(json(refused).get("error").get("message").asText()).contains("no room for 1 run")
                .contains("nothing was started")
                .contains("no run ended in the last 5 s, so how long the 2 queued runs take is not known");
        assertThat(warden.warden().runs().count()).as("a refused request leaves no run").isEqualTo(stored);

        for (String id : new String[] {running, queued1, queued2}) {
            assertThat(warden.awaitRun(id).get("status").asText()).isEqualTo("SUCCEEDED");
        }
        assertThat(hook("busy").statusCode()).as("room again once the queue drained").isEqualTo(202);
    }

    @Test
    void requestNeedingMoreRoomThanIsLeftStartsNoneOfItsRuns() {
        String running = json(hook("busy")).get("runs").get(0).get("id").asText();
        awaitRunning(running);
        hook("busy");
        long stored = warden.warden().runs().count();
        HttpResponse<String> pair = hook("pair");
        assertThat(pair.statusCode()).isEqualTo(429);
        assertThat(warden.warden().runs().count()).isEqualTo(stored);
    }
}
