package dev.warden.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import dev.warden.audit.AuditLog;
import dev.warden.config.WardenConfig;
import dev.warden.engine.RuleApis;
import dev.warden.engine.Workbench;
import dev.warden.http.Json;
import dev.warden.http.KeyView;
import dev.warden.keys.ApiKeys;
import dev.warden.keys.Caller;
import dev.warden.keys.Expiry;
import dev.warden.keys.KeySpec;
import dev.warden.keys.LimitWarnings;
import dev.warden.keys.NewKey;
import dev.warden.keys.Scope;
import dev.warden.store.Database;

/**
 * What {@code warden keys} does, against the HTTP API or (offline) the database. Prints key lines to {@code out},
 * and a new key's secret alone on its own line, so that {@code KEY=$(warden keys create ...)} captures just it.
 */
abstract class KeysClient implements AutoCloseable {

    protected final PrintWriter out;
    protected final PrintWriter err;

    KeysClient(PrintWriter out, PrintWriter err) {
        this.out = out;
        this.err = err;
    }

    abstract int create(String name, Set<Scope> scopes, List<String> rules, List<String> hooks, String expires)
            throws IOException, InterruptedException;

    abstract int list() throws IOException, InterruptedException;

    abstract int revoke(String id) throws IOException, InterruptedException;

    @Override
    public void close() {
    }

    /** The key described and its limits' warnings on standard error; its secret alone on standard output. */
    protected void printCreated(JsonNode key, String secret, List<String> warnings) {
        err.println("created " + KeysCommand.describe(key));
        warnings.forEach(w -> err.println("warning: " + w));
        err.println("the secret follows; it is shown only now (Warden keeps its hash):");
        err.flush();
        out.println(secret);
    }

    static KeysClient online(String baseUrl, String apiKey, PrintWriter out, PrintWriter err) {
        return new Online(baseUrl, apiKey, out, err);
    }

    static KeysClient offline(WardenConfig config, PrintWriter out, PrintWriter err) {
        return new Offline(config, out, err);
    }

    /** Through {@code /api/v1/keys} of a running Warden. */
    private static final class Online extends KeysClient {
        private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        private final String baseUrl;
        private final String apiKey;

        Online(String baseUrl, String apiKey, PrintWriter out, PrintWriter err) {
            super(out, err);
            this.baseUrl = baseUrl;
            this.apiKey = apiKey;
        }

        @Override
        int create(String name, Set<Scope> scopes, List<String> rules, List<String> hooks, String expires)
                throws IOException, InterruptedException {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("name", name);
            body.put("scopes", scopes.stream().map(Scope::id).toList());
            body.put("rules", rules);
            body.put("hooks", hooks);
            body.put("expires", expires);
            JsonNode answer = call("POST", "/api/v1/keys", Json.MAPPER.writeValueAsString(body));
            List<String> warnings = new ArrayList<>();
            answer.path("warnings").forEach(w -> warnings.add(w.asText()));
            printCreated(answer.get("key"), answer.get("secret").asText(), warnings);
            return Exit.OK;
        }

        @Override
        int list() throws IOException, InterruptedException {
            call("GET", "/api/v1/keys", null).get("keys").forEach(k -> out.println(KeysCommand.describe(k)));
            return Exit.OK;
        }

        @Override
        int revoke(String id) throws IOException, InterruptedException {
            out.println("revoked " + KeysCommand.describe(call("POST", "/api/v1/keys/" + id + "/revoke", null)));
            return Exit.OK;
        }

        private JsonNode call(String method, String path, String body) throws IOException, InterruptedException {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(baseUrl + path))
                    .header("x-api-key", apiKey).header("Content-Type", "application/json")
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            JsonNode json = Json.MAPPER.readTree(response.body());
            if (response.statusCode() >= 300) {
                throw new IllegalStateException(response.statusCode() + " " + json.path("error").path("code").asText()
                        + ": " + json.path("error").path("message").asText());
            }
            return json;
        }
    }

    /** Directly in the database, as the local operator. */
    private static final class Offline extends KeysClient {
        private final WardenConfig config;
        private final Database database;
        private final ApiKeys keys;

        Offline(WardenConfig config, PrintWriter out, PrintWriter err) {
            super(out, err);
            this.config = config;
            try {
                this.database = Database.open(config.database(), config.paths().data());
            } catch (RuntimeException e) {
                throw new IllegalStateException("cannot open the database (is Warden running? drop --offline to "
                        + "go through its API): " + e.getMessage());
            }
            this.keys = new ApiKeys(database.dataSource(), new AuditLog(database.dataSource(), Clock.systemUTC()),
                    Clock.systemUTC());
        }

        @Override
        int create(String name, Set<Scope> scopes, List<String> rules, List<String> hooks, String expires) {
            KeySpec spec = new KeySpec(name, scopes, rules, hooks, Expiry.parse(expires, Instant.now()));
            NewKey key = keys.create(spec, Caller.operator("cli (offline, user " + System.getProperty("user.name")
                    + ")"), null);
            printCreated(Json.MAPPER.valueToTree(KeyView.of(key.key(), Instant.now())), key.secret(),
                    limitWarnings(spec));
            return Exit.OK;
        }

        /**
         * With no server there are no loaded rules to ask, so the limits are checked against the configured rules
         * folder, read as {@code warden check} reads it; and only when there are limits, since reading it starts
         * a script engine.
         */
        private List<String> limitWarnings(KeySpec spec) {
            if (spec.rules().isEmpty() && spec.hooks().isEmpty()) {
                return List.of();
            }
            Path root = config.paths().rules();
            if (!Files.isDirectory(root)) {
                return List.of("the limits were not checked against the rules: " + root + " is not a folder "
                        + "(paths.rules)");
            }
            try (Workbench bench = new Workbench(root, config.engine(), RuleApis.of(List.of()), config.zone())) {
                bench.catalog().refresh();
                return LimitWarnings.of(spec, bench.catalog().snapshot());
            } catch (RuntimeException e) {
                return List.of("the limits were not checked against the rules: cannot read " + root + " ("
                        + e.getMessage() + ")");
            }
        }

        @Override
        int list() {
            keys.list().forEach(k -> out.println(KeysCommand.describe(Json.MAPPER.valueToTree(KeyView.of(k,
                    Instant.now())))));
            return Exit.OK;
        }

        @Override
        int revoke(String id) {
            try {
                out.println("revoked " + KeysCommand.describe(Json.MAPPER.valueToTree(KeyView.of(keys.revoke(id,
                        Caller.operator("cli (offline)"), null), Instant.now()))));
                return Exit.OK;
            } catch (NoSuchElementException e) {
                err.println("warden keys: " + e.getMessage());
                return Exit.FAILED;
            }
        }

        @Override
        public void close() {
            database.close();
        }
    }
}
