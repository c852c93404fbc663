package dev.warden.shipped;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import dev.warden.simulator.ConfluenceSimulator;
import dev.warden.simulator.SeededUser;
import dev.warden.simulator.junit.SimulatorExtension;
import dev.warden.testing.HttpReceiver;
import dev.warden.testing.SimulatedSite;
import dev.warden.testing.SmtpReceiver;
import dev.warden.testing.SimpleWarden;

/**
 * A whole Warden with every secret set runs rules that succeed, fail in Confluence, and fail to notify: no token,
 * key, HMAC secret or password shows up in the log output or in any run record, and the failed runs are recorded.
 */
@ExtendWith(SimulatorExtension.class)
class SecretsTest {

    @TempDir
    Path dir;

    @Test
    void secretsNeverReachLogsOrRunRecordsAndAFailingNotifierKeepsTheRunRecord(ConfluenceSimulator sim)
            throws Exception {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try (HttpReceiver receiver = new HttpReceiver(); HttpReceiver down = new HttpReceiver();
             SmtpReceiver smtp = new SmtpReceiver("warden", SimulatedSite.SMTP_PASSWORD)) {
            down.failNext(500, 500, 500, 500, 500, 500, 500, 500);
            Map<String, String> env = SimulatedSite.withNotifier(sim, dir, receiver, smtp,
                    "    down: { type: webhook, url: \"" + down.url("/down") + "\" }\n");
            env.put("WARDEN_NOTIFIER_CHANNELS_DOWN_SECRET", "down-hmac-secret");
            List<String> secrets = secrets(sim, env);
            try (SimpleWarden warden = new SimpleWarden(dir, env)) {
                Files.createDirectories(warden.rulesDir());
                Files.copy(Path.of("..", "rules-examples", "classify-new-page.js"),
                        warden.rulesDir().resolve("classify-new-page.js"));
                Files.writeString(warden.rulesDir().resolve("noisy.js"), """
                        import { rule, manual } from 'warden';
                        export const restricted = rule({ id: 'restricted', triggers: [manual()], run({ confluence, log }) {
                          try { confluence.page('65552'); } catch (e) { log.error('read failed', { e: String(e), stack: e.stack, diagnosis: e.diagnosis }); }
                          return confluence.request('GET', '/wiki/rest/api/content/65552/restriction');
                        } });
                        export const shouting = rule({ id: 'shouting', triggers: [manual()], run({ notify }) {
                          notify.send('down', 'nobody listens');
                        } });
                        """);
                warden.start();
                JsonNode classified = warden.post("/api/v1/rules/classify-new-page/runs?wait=30s",
                        "{\"pageId\":\"65539\"}").json();
                assertThat(classified.path("status").asText()).as(classified.toString()).isEqualTo("SUCCEEDED");
                JsonNode restricted = warden.post("/api/v1/rules/restricted/runs?wait=30s", "{}").json();
                assertThat(restricted.path("status").asText()).isEqualTo("FAILED");
                assertThat(restricted.path("error").path("diagnosis").asText()).contains("adminKey");
                JsonNode shouting = warden.post("/api/v1/rules/shouting/runs?wait=60s", "{}").json();
                assertThat(shouting.path("status").asText()).isEqualTo("FAILED");
                assertThat(shouting.path("error").path("message").asText()).contains("channel 'down'");
                assertThat(shouting.path("logs").toString()).contains("attempt 1 failed (HTTP 500)");
                assertThat(down.received()).hasSizeGreaterThan(1);

                List<String> records = new ArrayList<>();
                for (JsonNode run : warden.get("/api/v1/runs").json().path("runs")) {
                    records.add(warden.get("/api/v1/runs/" + run.path("id").asText()).body());
                }
                assertThat(records).hasSize(3);
                for (String secret : secrets) {
                    assertThat(String.join("\n", records)).doesNotContain(secret);
                }
            }
        } finally {
            System.setErr(original);
        }
        String logs = captured.toString(StandardCharsets.UTF_8);
        assertThat(logs).contains("plugin notifier", "started");
        for (String secret : secrets(sim, Map.of())) {
            assertThat(logs).doesNotContain(secret);
        }
    }

    private static List<String> secrets(ConfluenceSimulator sim, Map<String, String> env) {
        SeededUser admin = sim.user(SeededUser.Role.ORG_ADMIN);
        return List.of(admin.token(), Base64.getEncoder().encodeToString((admin.email() + ":" + admin.token())
                        .getBytes(StandardCharsets.UTF_8)), SimulatedSite.complianceKey(sim, "warden-full"),
                SimulatedSite.HMAC_SECRET, "down-hmac-secret", SimulatedSite.SMTP_PASSWORD);
    }
}
