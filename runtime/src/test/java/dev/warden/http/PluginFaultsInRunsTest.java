package dev.warden.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import dev.warden.testing.PluginArtifacts;
import dev.warden.testing.SimpleWarden;

/** What a run says when a plugin it calls misbehaves or is not started: real plugin jars, a running server. */
class PluginFaultsInRunsTest {

    @TempDir
    Path dir;
    SimpleWarden warden;

    @BeforeEach
    void setUp() throws Exception {
        Path plugins = PluginArtifacts.install(dir.resolve("plugins"), "example");
        PluginArtifacts.ruleFunction(plugins, "deep", "deep", "static int down(int n) { return down(n + 1) + 1; }",
                "return down(0);");
        PluginArtifacts.ruleFunction(plugins, "asserting", "asserting", "",
                "throw new AssertionError(\"the plugin's invariant broke\");");
        warden = new SimpleWarden(dir, Map.of("WARDEN_PLUGINS_ENABLED", "example,deep,asserting"));
        Files.createDirectories(warden.rulesDir());
        Files.writeString(warden.rulesDir().resolve("calls.js"), """
                import { rule, manual } from 'warden';
                export const deep = rule({ id: 'deep', triggers: [manual()], run: ({ plugins }) => plugins.deep.go() });
                export const asserting = rule({ id: 'asserting', triggers: [manual()],
                  run: ({ plugins }) => plugins.asserting.go() });
                export const greet = rule({ id: 'greet', triggers: [manual()],
                  run: ({ plugins }) => plugins.example.greet('Ada') });
                """);
        warden.start();
    }

    @AfterEach
    void tearDown() {
        warden.close();
    }

    private JsonNode run(String rule) {
        return warden.post("/api/v1/rules/" + rule + "/runs?wait=20s", "{}").json();
    }

    @Test
    void aPluginFunctionThatOverflowsTheStackFailsTheRunAsThePluginsErrorNotAsMemory() {
        JsonNode run = run("deep");
        assertThat(run.path("status").asText()).isEqualTo("FAILED");
        assertThat(run.path("error").path("code").asText()).isEqualTo("RULE_ERROR");
        assertThat(run.path("error").path("message").asText()).contains("deep.go failed", "StackOverflowError");
        assertThat(run("greet").path("result").asText()).isEqualTo("Hello, Ada!");
    }

    @Test
    void aPluginFunctionWhoseAssertionFailsFailsTheRunWithThePluginsMessage() {
        JsonNode run = run("asserting");
        assertThat(run.path("status").asText()).isEqualTo("FAILED");
        assertThat(run.path("error").path("code").asText()).isEqualTo("RULE_ERROR");
        assertThat(run.path("error").path("message").asText())
                .contains("asserting.go failed", "AssertionError", "the plugin's invariant broke");
    }

    @Test
    void aRuleThatCallsAStoppedPluginsNamespaceIsToldThePluginIsStopped() {
        assertThat(warden.post("/api/v1/plugins/example/stop", "").status()).isEqualTo(200);
        JsonNode run = run("greet");
        assertThat(run.path("status").asText()).isEqualTo("FAILED");
        assertThat(run.path("error").path("message").asText()).startsWith("TypeError");
        assertThat(run.path("error").path("diagnosis").asText())
                .contains("enabled plugins not started now: example (STOPPED)", "GET /api/v1/plugins");
        warden.post("/api/v1/plugins/example/start", "");
        assertThat(run("greet").path("error").isMissingNode()).isTrue();
    }
}
