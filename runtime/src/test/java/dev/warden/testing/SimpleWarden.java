package dev.warden.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import dev.warden.Warden;
import dev.warden.config.ConfigLoader;
import dev.warden.config.WardenConfig;
import dev.warden.http.Json;

/**
 * A real Warden on a random port over a temp data folder and rules folder, plus a small HTTP client that
 * authenticates every request with the bootstrap admin key.
 */
public final class SimpleWarden implements AutoCloseable {

    /** The bootstrap admin key every request carries. */
    public static final String ADMIN_KEY = "simple-warden-admin-key-0123456789abcdef";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final Path dataDir;
    private final Path rulesDir;
    private final Map<String, String> environment;
    private Warden warden;

    public SimpleWarden(Path dir, Map<String, String> extraEnvironment) {
        this.dataDir = dir.resolve("data");
        this.rulesDir = dir.resolve("rules");
        this.environment = new HashMap<>(Map.of("WARDEN_PORT", "0", "WARDEN_DATA_DIR", dataDir.toString(),
                "WARDEN_RULES_DIR", rulesDir.toString(), "WARDEN_PLUGINS_DIR", dir.resolve("plugins").toString()));
        this.environment.put("WARDEN_ADMIN_KEY", ADMIN_KEY);
        this.environment.putAll(extraEnvironment);
    }

    public SimpleWarden(Path dir) {
        this(dir, Map.of());
    }

    public WardenConfig config() {
        return new ConfigLoader(environment).load(null);
    }

    public SimpleWarden start() {
        warden = Warden.start(config(), new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
        return this;
    }

    public void stop() {
        warden.close();
    }

    public Warden warden() {
        return warden;
    }

    public Path rulesDir() {
        return rulesDir;
    }

    public Response get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).header("x-api-key", ADMIN_KEY).GET().build());
    }

    public Response post(String path, String body) {
        return send(HttpRequest.newBuilder(uri(path)).header("x-api-key", ADMIN_KEY)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + warden.port() + path);
    }

    private static Response send(HttpRequest request) {
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body(), response.headers().map());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** An HTTP answer with its body parsed as JSON on demand. */
    public record Response(int status, String body, Map<String, java.util.List<String>> headers) {
        public JsonNode json() {
            try {
                return Json.MAPPER.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }

        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().getFirst()).findFirst().orElse(null);
        }
    }

    @Override
    public void close() {
        if (warden != null) {
            warden.close();
        }
    }
}
