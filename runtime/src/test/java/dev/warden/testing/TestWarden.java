package dev.warden.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.warden.Warden;
import dev.warden.config.ConfigLoader;
import dev.warden.config.WardenConfig;

/**
 * A real Warden for a test: rules and an H2 database in a temp folder, the server on a random port, called over real
 * HTTP. Starts with {@link #ADMIN_KEY} as its bootstrap admin key unless told otherwise. Close it after the test.
 */
public final class TestWarden implements AutoCloseable {

    /** The admin key every TestWarden starts with (as WARDEN_ADMIN_KEY would set it). */
    public static final String ADMIN_KEY = "test-admin-key-0123456789abcdefghijklmnopq";
    public static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;
    private final Map<String, String> env = new LinkedHashMap<>();
    private final Set<String> disabled = new HashSet<>();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final ByteArrayOutputStream console = new ByteArrayOutputStream();
    private String yaml = "";
    private Warden warden;

    private TestWarden(Path dir) {
        this.dir = dir;
        env.put("WARDEN_HOST", "127.0.0.1");
        env.put("WARDEN_PORT", "0");
        env.put("WARDEN_DATA_DIR", dir.resolve("data").toString());
        env.put("WARDEN_RULES_DIR", dir.resolve("rules").toString());
        env.put("WARDEN_ENGINE_WORKERS", "2");
        env.put("WARDEN_ADMIN_KEY", ADMIN_KEY);
    }

    public static TestWarden in(Path dir) {
        return new TestWarden(dir);
    }

    public TestWarden rule(String file, String source) {
        try {
            Path path = dir.resolve("rules").resolve(file);
            Files.createDirectories(path.getParent());
            Files.writeString(path, source);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** Sets (or with null, removes) an environment variable of the Warden's configuration. */
    public TestWarden env(String name, String value) {
        if (value == null) {
            env.remove(name);
        } else {
            env.put(name, value);
        }
        return this;
    }

    /** The warden.yml the Warden reads. */
    public TestWarden yaml(String text) {
        this.yaml = text;
        return this;
    }

    /** Rules with these ids count as disabled. */
    public TestWarden disable(String ruleId) {
        disabled.add(ruleId);
        return this;
    }

    public TestWarden start() {
        try {
            Files.createDirectories(dir.resolve("rules"));
            Path file = dir.resolve("warden.yml");
            Files.writeString(file, yaml.isBlank() ? "# test\n" : yaml);
            WardenConfig config = new ConfigLoader(env).load(file);
            warden = Warden.start(config, new PrintStream(console, true, StandardCharsets.UTF_8),
                    id -> !disabled.contains(id));
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops and starts again on the same folder and database. */
    public TestWarden restart() {
        warden.close();
        return start();
    }

    public Warden warden() {
        return warden;
    }

    public Path dir() {
        return dir;
    }

    /** What the Warden printed to its console (the bootstrap key banner). */
    public String console() {
        return console.toString(StandardCharsets.UTF_8);
    }

    public String url(String path) {
        return "http://127.0.0.1:" + warden.port() + path;
    }

    /** A JDBC connection to the Warden's database, for checking what it stored. */
    public Connection database() {
        try {
            return DriverManager.getConnection(new ConfigLoader(env).load(dir.resolve("warden.yml")).database().url());
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public HttpResponse<String> send(String method, String path, String body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(90))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return send(request.build());
    }

    public HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public HttpResponse<String> get(String path, String... headers) {
        return send("GET", path, null, headers);
    }

    public HttpResponse<String> post(String path, String body, String... headers) {
        return send("POST", path, body, headers);
    }

    /** A request whose target is sent as written, even one java.net.URI refuses (see {@link RawHttp}). */
    public RawHttp.Response raw(String method, String target, String body, String... headers) {
        return RawHttp.send(warden.port(), method, target, body, headers);
    }

    /** The port Warden's HTTP server listens on (for raw sockets). */
    public int port() {
        return warden.port();
    }

    /** A request with the admin key. */
    public HttpResponse<String> admin(String method, String path, String body) {
        return send(method, path, body, "x-api-key", ADMIN_KEY, "Content-Type", "application/json");
    }

    /** Creates a key through the API and returns its secret. */
    public String createKey(String specJson) {
        HttpResponse<String> created = admin("POST", "/api/v1/keys", specJson);
        if (created.statusCode() != 201) {
            throw new IllegalStateException("creating a key failed: " + created.statusCode() + " " + created.body());
        }
        return json(created).get("secret").asText();
    }

    /** Waits until the run has ended and returns it as the API shows it. */
    public JsonNode awaitRun(String runId) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode run = json(admin("GET", "/api/v1/runs/" + runId, null));
            String status = run.path("status").asText();
            if (!status.equals("QUEUED") && !status.equals("RUNNING")) {
                return run;
            }
            sleep(20);
        }
        throw new AssertionError("run " + runId + " did not end within 30 s");
    }

    /** Whether the run is in this status now. */
    public boolean awaitStatusIs(String runId, String status) {
        return json(admin("GET", "/api/v1/runs/" + runId, null)).path("status").asText().equals(status);
    }

    public static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON (" + response.statusCode() + "): " + response.body(), e);
        }
    }

    @Override
    public void close() {
        if (warden != null) {
            warden.close();
        }
    }
}
