package dev.warden.http;

import static dev.warden.testing.TestWarden.ADMIN_KEY;
import static dev.warden.testing.TestWarden.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import dev.warden.testing.ChildWarden;
import dev.warden.testing.TestWarden;

/** A run accepted with 202 but not started when Warden stopped, or died, runs after the restart, unchanged. */
class RestartRecoveryTest {

    static final String RULES = """
            import { rule, webhook } from 'warden';
            export const busy = rule({ id: 'busy', triggers: [webhook('busy')],
              run: () => { const end = Date.now() + 1500; while (Date.now() < end) {} return 'done'; } });
            export const target = rule({ id: 'target', triggers: [webhook('target')],
              run: ({ event }) => ({ n: event.body.n, custom: event.headers['x-custom'], source: event.query.source }) });
            """;

    @TempDir
    Path dir;

    @Test
    void runAcceptedBeforeAStopRunsAfterTheRestartWithItsEvent() throws Exception {
        try (TestWarden warden = TestWarden.in(dir).rule("hooks.js", RULES).env("WARDEN_ENGINE_WORKERS", "1").start()) {
            String busy = json(warden.post("/hooks/busy", "{}", "x-api-key", ADMIN_KEY)).get("runs").get(0)
                    .get("id").asText();
            awaitStatus(warden, busy, "RUNNING");
            HttpResponse<String> accepted = warden.post("/hooks/target?source=test", "{\"n\":7}", "x-api-key",
                    ADMIN_KEY, "Content-Type", "application/json", "X-Custom", "yes");
            assertThat(accepted.statusCode()).isEqualTo(202);
            String target = json(accepted).get("runs").get(0).get("id").asText();

            warden.warden().close();
            try (Connection db = warden.database(); PreparedStatement ps = db.prepareStatement(
                    "SELECT status FROM runs WHERE id = ?")) {
                ps.setString(1, target);
                try (ResultSet rs = ps.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getString(1)).as("left for the next start").isEqualTo("QUEUED");
                }
            }
            warden.start();

            JsonNode run = warden.awaitRun(target);
            assertThat(run.get("status").asText()).isEqualTo("SUCCEEDED");
            assertThat(run.get("result").get("n").asInt()).isEqualTo(7);
            assertThat(run.get("result").get("custom").asText()).isEqualTo("yes");
            assertThat(run.get("result").get("source").asText()).isEqualTo("test");
        }
    }

    @Test
    void runAcceptedBeforeTheProcessIsKilledRunsAfterTheRestart() throws Exception {
        ChildWarden child = ChildWarden.start(dir, Map.of("hooks.js", RULES));
        String target;
        try {
            String busy = json(child.post("/hooks/busy", "{}")).get("runs").get(0).get("id").asText();
            for (int i = 0; i < 300 && !json(child.get("/api/v1/runs/" + busy)).get("status").asText()
                    .equals("RUNNING"); i++) {
                Thread.sleep(10);
            }
            HttpResponse<String> accepted = child.post("/hooks/target?source=killed", "{\"n\":9}");
            assertThat(accepted.statusCode()).isEqualTo(202);
            target = json(accepted).get("runs").get(0).get("id").asText();
        } finally {
            child.kill();
        }

        try (TestWarden warden = TestWarden.in(dir).env("WARDEN_ENGINE_WORKERS", "1").start()) {
            JsonNode run = warden.awaitRun(target);
            assertThat(run.get("status").asText()).isEqualTo("SUCCEEDED");
            assertThat(run.get("result").get("n").asInt()).isEqualTo(9);
            assertThat(run.get("result").get("source").asText()).isEqualTo("killed");
        }
    }

    /**
     * A wait-mode answer is sent once the run's end is in the run journal, without waiting for the database: the run
     * must then be stored as it ended, even when the process dies right after the answer.
     */
    @Test
    void waitModeRunAnsweredJustBeforeTheProcessIsKilledIsStoredAsItEnded() throws Exception {
        ChildWarden child = ChildWarden.start(dir, Map.of("hooks.js", RULES));
        List<String> answered = new java.util.ArrayList<>();
        Instant killed;
        try {
            for (int i = 0; i < 20; i++) {
                HttpResponse<String> response = child.post("/hooks/target?wait=10s&source=w" + i, "{\"n\":" + i + "}");
                assertThat(response.statusCode()).isEqualTo(200);
                answered.add(response.headers().firstValue("X-Warden-Run-Id").orElseThrow());
            }
        } finally {
            child.kill();
            killed = Instant.now();
        }

        try (TestWarden warden = TestWarden.in(dir).env("WARDEN_ENGINE_WORKERS", "1").start()) {
            for (int i = 0; i < answered.size(); i++) {
                JsonNode run = json(warden.admin("GET", "/api/v1/runs/" + answered.get(i), null));
                assertThat(run.get("status").asText()).as("run %d", i).isEqualTo("SUCCEEDED");
                assertThat(run.get("result").get("n").asInt()).isEqualTo(i);
                assertThat(run.get("result").get("source").asText()).isEqualTo("w" + i);
                assertThat(Instant.parse(run.get("finishedAt").asText())).as("ended before the kill, not run again")
                        .isBefore(killed);
            }
        }
    }

    private static void awaitStatus(TestWarden warden, String runId, String status) {
        for (int i = 0; i < 500; i++) {
            if (json(warden.admin("GET", "/api/v1/runs/" + runId, null)).get("status").asText().equals(status)) {
                return;
            }
            TestWarden.sleep(10);
        }
        throw new AssertionError("run " + runId + " never reached " + status);
    }
}
