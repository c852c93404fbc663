package dev.warden.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import dev.warden.testing.PluginArtifacts;
import dev.warden.testing.SimpleWarden;

/** {@code /api/v1/plugins} on a running server with real plugin jars, one of them broken. */
class PluginsApiTest {

    @TempDir
    Path dir;
    SimpleWarden warden;

    @BeforeEach
    void setUp() throws Exception {
        Path plugins = PluginArtifacts.install(dir.resolve("plugins"), "example", "notifier");
        PluginArtifacts.throwingOnStart(plugins, "broken", "no luck today");
        Map<String, String> env = new HashMap<>(Map.of("WARDEN_PLUGINS_ENABLED", "example,broken",
                "WARDEN_EXAMPLE_GREETING", "Ahoy"));
        warden = new SimpleWarden(dir, env);
        Files.createDirectories(warden.rulesDir());
        Files.writeString(warden.rulesDir().resolve("greet.js"), """
                import { rule, manual } from 'warden';
                export default rule({ id: 'greet', triggers: [manual()], run({ plugins }) {
                  return plugins.example ? plugins.example.greet('Ada') : 'no example plugin';
                } });
                """);
        warden.start();
    }

    @AfterEach
    void tearDown() {
        warden.close();
    }

    private String runGreet() {
        return warden.post("/api/v1/rules/greet/runs?wait=10s", "{}").json().path("result").asText();
    }

    @Test
    void listsEveryPluginWithItsStateAndTheBrokenOneWithItsError() {
        JsonNode plugins = warden.get("/api/v1/plugins").json().path("plugins");
        assertThat(plugins).hasSize(3);
        assertThat(plugins.path(0).path("id").asText()).isEqualTo("broken");
        assertThat(plugins.path(0).path("state").asText()).isEqualTo("FAILED");
        assertThat(plugins.path(0).path("error").asText()).contains("no luck today");
        assertThat(plugins.path(1).path("state").asText()).isEqualTo("STARTED");
        assertThat(plugins.path(1).path("namespaces").toString()).isEqualTo("[\"example\"]");
        assertThat(plugins.path(2).path("state").asText()).isEqualTo("DISABLED");
        assertThat(runGreet()).isEqualTo("Ahoy, Ada!");
    }

    @Test
    void aPluginStoppedAtRunTimeVanishesFromRulesUntilStartedAgain() {
        assertThat(warden.post("/api/v1/plugins/example/stop", "").json().path("state").asText())
                .isEqualTo("STOPPED");
        assertThat(runGreet()).isEqualTo("no example plugin");
        assertThat(warden.post("/api/v1/plugins/example/start", "").json().path("state").asText())
                .isEqualTo("STARTED");
        assertThat(runGreet()).isEqualTo("Ahoy, Ada!");
    }

    @Test
    void unknownAndNotEnabledPluginsAreRefusedWithASentence() {
        SimpleWarden.Response unknown = warden.post("/api/v1/plugins/nope/start", "");
        assertThat(unknown.status()).isEqualTo(404);
        SimpleWarden.Response disabled = warden.post("/api/v1/plugins/notifier/start", "");
        assertThat(disabled.status()).isEqualTo(409);
        assertThat(disabled.json().path("error").path("message").asText()).contains("plugins.enabled");
    }
}
