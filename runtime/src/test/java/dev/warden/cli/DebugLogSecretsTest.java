package dev.warden.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.warden.testing.TestWarden;

/**
 * `warden serve` in a child process with every logger at DEBUG, Jetty's included, as an operator chasing a problem
 * sets them: the keys and signatures callers send never reach its log.
 */
class DebugLogSecretsTest {

    @TempDir
    Path dir;

    @Test
    void keysCallersSendAreNotInTheLogWithJettyAtDebug() throws Exception {
        Files.createDirectories(dir.resolve("rules"));
        Files.writeString(dir.resolve("rules/hello.js"), """
                import { rule, manual } from 'warden';
                export default rule({ id: 'hello', triggers: [manual()], run: () => 'hi' });
                """);
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path log = dir.resolve("child.log");
        ProcessBuilder builder = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                        .toString(), "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
                "-Dpolyglot.engine.WarnInterpreterOnly=false", "-Dorg.slf4j.simpleLogger.defaultLogLevel=debug",
                "-Dorg.slf4j.simpleLogger.log.org.eclipse.jetty=debug", "-cp", System.getProperty("java.class.path"),
                "dev.warden.cli.WardenCommand", "serve"))
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.startsWith("WARDEN_"));
        env.put("WARDEN_PORT", Integer.toString(port));
        env.put("WARDEN_SIMULATOR", "false");
        env.put("WARDEN_ADMIN_KEY", TestWarden.ADMIN_KEY);
        Process child = builder.start();
        try {
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            String base = "http://127.0.0.1:" + port;
            awaitUp(child, http, base, log);
            HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/keys"))
                    .header("Authorization", "Bearer " + TestWarden.ADMIN_KEY).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"ci\", \"scopes\": [\"rules:read\"]}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            String secret = TestWarden.JSON.readTree(created.body()).get("secret").asText();
            HttpResponse<String> rules = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/rules"))
                    .header("x-api-key", secret).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(rules.statusCode()).isEqualTo(200);
            String written = Files.readString(log);
            assertThat(written).as("Jetty logs at DEBUG").contains("[DEBUG] HttpConnection");
            assertThat(written).doesNotContain(TestWarden.ADMIN_KEY).doesNotContain(secret);
        } finally {
            child.destroyForcibly().waitFor();
        }
    }

    private static void awaitUp(Process child, HttpClient http, String base, Path log) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            if (!child.isAlive()) {
                throw new AssertionError("Warden exited: " + Files.readString(log));
            }
            try {
                http.send(HttpRequest.newBuilder(URI.create(base + "/health")).build(),
                        HttpResponse.BodyHandlers.discarding());
                return;
            } catch (IOException notYet) {
                Thread.sleep(200);
            }
        }
        throw new AssertionError("Warden did not start: " + Files.readString(log));
    }
}
