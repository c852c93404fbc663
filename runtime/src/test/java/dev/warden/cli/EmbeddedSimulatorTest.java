package dev.warden.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.warden.Warden;
import dev.warden.config.ConfigLoader;
import dev.warden.runs.Run;
import dev.warden.runs.RunStatus;
import dev.warden.runs.TriggerEvent;
import dev.warden.simulator.ConfluenceSimulator;

/** With no site configured, `warden serve` talks to the embedded simulator as its org admin. */
class EmbeddedSimulatorTest {

    @TempDir
    Path dir;

    @Test
    void rulesReachTheEmbeddedSimulatorAsTheSeededAdmin() throws Exception {
        Files.createDirectories(dir.resolve("rules"));
        Files.writeString(dir.resolve("rules/me.js"), """
                import { rule, manual } from 'warden';
                export default rule({ id: 'me', triggers: [manual()], run({ confluence }) {
                  return confluence.currentUser().email;
                } });
                """);
        try (ConfluenceSimulator simulator = EmbeddedSimulator.start(0)) {
            Map<String, String> env = new HashMap<>(Map.of("WARDEN_PORT", "0",
                    "WARDEN_DATA_DIR", dir.resolve("data").toString(), "WARDEN_RULES_DIR", dir.resolve("rules").toString(),
                    "WARDEN_PLUGINS_DIR", dir.resolve("plugins").toString()));
            env.putAll(EmbeddedSimulator.settings(simulator));
            try (Warden warden = Warden.start(new ConfigLoader(env).load(null))) {
                Run run = warden.runs().submit("me", TriggerEvent.manual(null));
                Run done = warden.runs().completion(run.id()).get(30, TimeUnit.SECONDS);
                assertThat(done.status()).as(String.valueOf(done.error())).isEqualTo(RunStatus.SUCCEEDED);
                assertThat(done.result()).isEqualTo("\"olivia.admin@example.com\"");
            }
        }
    }

    @Test
    void aTakenPortMakesTheSimulatorTakeAFreeOneWithoutAnErrorInTheLog() throws Exception {
        java.io.PrintStream err = System.err;
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 50,
                java.net.InetAddress.getLoopbackAddress())) {
            System.setErr(new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
            try (ConfluenceSimulator simulator = EmbeddedSimulator.start(taken.getLocalPort())) {
                assertThat(simulator.baseUrl()).doesNotEndWith(":" + taken.getLocalPort());
            } finally {
                System.setErr(err);
            }
        }
        String log = captured.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(log).contains("is taken").doesNotContain("ERROR").doesNotContain("Failed to start");
    }
}
