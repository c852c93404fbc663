package dev.warden.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import com.fasterxml.jackson.databind.JsonNode;

import dev.warden.Warden;
import dev.warden.config.ConfigLoader;
import dev.warden.config.WardenConfig;
import dev.warden.http.Json;

/**
 * A real Warden for the schedule tests (restartable, clusterable, with SQL access; {@link TestWarden} is the
 * fluent one for the HTTP API), calling the API with {@link TestWarden#ADMIN_KEY}: its own data and rules folders,
 * the server on a random port, settings given as the WARDEN_* environment variables a deployment would set.
 * Restartable on the same data; close it after the test.
 */
public final class ScheduleWarden implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final Map<String, String> env = new HashMap<>();
    private final Path rules;
    private Warden warden;

    public ScheduleWarden(Path dir) {
        this(dir.resolve("rules"), dir.resolve("data"));
    }

    public ScheduleWarden(Path rules, Path data) {
        this.rules = rules;
        env.put("WARDEN_RULES_DIR", rules.toString());
        env.put("WARDEN_DATA_DIR", data.toString());
        env.put("WARDEN_PORT", "0");
        env.put("WARDEN_ZONE", "Europe/Berlin");
        env.put("WARDEN_ENGINE_WORKERS", "2");
        env.put("WARDEN_ADMIN_KEY", TestWarden.ADMIN_KEY);
        try {
            Files.createDirectories(rules);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sets a WARDEN_* variable for the next start. */
    public ScheduleWarden with(String variable, String value) {
        env.put(variable, value);
        return this;
    }

    public ScheduleWarden write(String name, String source) {
        try {
            Files.writeString(rules.resolve(name), source);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    public ScheduleWarden delete(String name) {
        try {
            Files.delete(rules.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    public WardenConfig config() {
        return new ConfigLoader(env).load(null);
    }

    public ScheduleWarden start() {
        warden = Warden.start(config(), new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
        return this;
    }

    public Warden warden() {
        return warden;
    }

    /** Stops Warden; {@link #start()} starts it again on the same data. */
    public void stop() {
        if (warden != null) {
            warden.close();
            warden = null;
        }
    }

    @Override
    public void close() {
        stop();
    }

    public JsonNode get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).header("x-api-key", TestWarden.ADMIN_KEY).GET().build(), 200);
    }

    public JsonNode post(String path, int expectedStatus) {
        return send(HttpRequest.newBuilder(uri(path)).header("x-api-key", TestWarden.ADMIN_KEY).POST(HttpRequest.BodyPublishers.noBody()).build(),
                expectedStatus);
    }

    public JsonNode get(String path, int expectedStatus) {
        return send(HttpRequest.newBuilder(uri(path)).header("x-api-key", TestWarden.ADMIN_KEY).GET().build(), expectedStatus);
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + warden.port() + path);
    }

    private static JsonNode send(HttpRequest request, int expectedStatus) {
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != expectedStatus) {
                throw new AssertionError(request.method() + " " + request.uri() + " answered "
                        + response.statusCode() + ": " + response.body());
            }
            return Json.MAPPER.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Rows of a query on Warden's database, each column by its lower-case label. */
    public List<Map<String, Object>> query(String sql, Object... parameters) {
        try (Connection c = connection(); PreparedStatement ps = prepared(c, sql, parameters)) {
            List<Map<String, Object>> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Map<String, Object> row = new HashMap<>();
                    for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                        row.put(rs.getMetaData().getColumnLabel(i).toLowerCase(java.util.Locale.ROOT), rs.getObject(i));
                    }
                    rows.add(row);
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs an INSERT, UPDATE or DELETE on Warden's database; the number of rows it changed. */
    public int update(String sql, Object... parameters) {
        try (Connection c = connection(); PreparedStatement ps = prepared(c, sql, parameters)) {
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private Connection connection() throws SQLException {
        WardenConfig config = config();
        return DriverManager.getConnection(config.database().url(), config.database().user(),
                config.database().password().reveal());
    }

    private static PreparedStatement prepared(Connection c, String sql, Object... parameters) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql);
        for (int i = 0; i < parameters.length; i++) {
            ps.setObject(i + 1, parameters[i]);
        }
        return ps;
    }

    public long count(String sql, Object... parameters) {
        return ((Number) query(sql, parameters).getFirst().values().iterator().next()).longValue();
    }

    /** Polls until the condition holds; fails after the limit. Tests wait this way instead of sleeping. */
    public static void await(Duration limit, String what, BooleanSupplier condition) {
        Instant end = Instant.now().plus(limit);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(end)) {
                throw new AssertionError("waited " + limit.toSeconds() + "s for " + what);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
