package dev.warden.testing;

import static dev.warden.testing.TestWarden.ADMIN_KEY;

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

/**
 * {@code warden serve} in a child JVM on this test's classpath, one worker, the test admin key: for what a test cannot
 * do to a Warden in its own JVM (kill it without a shutdown, leave a thread behind that never ends). Its output is
 * in {@link #log()}.
 */
public record ChildWarden(Process process, HttpClient http, String base, Path dir) {

    /** Starts a child on {@code dir}'s data folder with {@code rules} written to {@code rules/<name>} and waits until it is up. */
    public static ChildWarden start(Path dir, Map<String, String> rules) throws Exception {
        Files.createDirectories(dir.resolve("rules"));
        for (Map.Entry<String, String> file : rules.entrySet()) {
            Files.writeString(dir.resolve("rules").resolve(file.getKey()), file.getValue());
        }
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Files.writeString(dir.resolve("warden.yml"), "{}\n");
        ProcessBuilder builder = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin",
                        "java").toString(), "--enable-native-access=ALL-UNNAMED",
                "--sun-misc-unsafe-memory-access=allow", "-Dpolyglot.engine.WarnInterpreterOnly=false", "-cp",
                System.getProperty("java.class.path"), "dev.warden.cli.WardenCommand", "serve", "--config",
                dir.resolve("warden.yml").toString()))
                .redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile());
        Map<String, String> env = builder.environment();
        env.put("WARDEN_HOST", "127.0.0.1");
        env.put("WARDEN_PORT", Integer.toString(port));
        env.put("WARDEN_DATA_DIR", dir.resolve("data").toString());
        env.put("WARDEN_RULES_DIR", dir.resolve("rules").toString());
        env.put("WARDEN_ENGINE_WORKERS", "1");
        env.put("WARDEN_ADMIN_KEY", ADMIN_KEY);
        ChildWarden child = new ChildWarden(builder.start(), HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1).build(), "http://127.0.0.1:" + port, dir);
        child.awaitUp();
        return child;
    }

    public HttpResponse<String> post(String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).header("x-api-key", ADMIN_KEY)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).header("x-api-key", ADMIN_KEY).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** What the child printed so far. */
    public String log() throws IOException {
        return Files.readString(dir.resolve("child.log"));
    }

    /** Ends the child at once, without a shutdown (kill -9). */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    private void awaitUp() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("Warden exited: " + log());
            }
            try {
                if (get("/health").statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        throw new AssertionError("Warden did not start: " + log());
    }
}
