package dev.warden.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import dev.warden.audit.AuditLog;
import dev.warden.config.WardenConfig;
import dev.warden.http.Json;
import dev.warden.http.KeyView;
import dev.warden.keys.ApiKeys;
import dev.warden.keys.Caller;
import dev.warden.keys.Expiry;
import dev.warden.keys.KeySpec;
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

    protected void printCreated(JsonNode key, String secret) {
        err.println("created " + KeysCommand.describe(key));
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
            printCreated(answer.get("key"), answer.get("secret").asText());
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
        private final Database database;
        private final ApiKeys keys;

        Offline(WardenConfig config, PrintWriter out, PrintWriter err) {
            super(out, err);
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
            NewKey key = keys.create(new KeySpec(name, scopes, rules, hooks, Expiry.parse(expires, Instant.now())),
                    Caller.operator("cli (offline, user " + System.getProperty("user.name") + ")"), null);
            printCreated(Json.MAPPER.valueToTree(KeyView.of(key.key(), Instant.now())), key.secret());
            return Exit.OK;
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
