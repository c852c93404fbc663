package dev.warden.http;

import static dev.warden.testing.TestWarden.ADMIN_KEY;
import static dev.warden.testing.TestWarden.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import dev.warden.testing.PluginArtifacts;
import dev.warden.testing.TestWarden;

/**
 * The OpenAPI document's response schemas are the answers' true shapes: real requests against a running Warden,
 * each answer checked ({@link SchemaCheck}) against the schema the document gives for its route and status.
 */
class ResponseSchemasTest {

    @TempDir
    static Path dir;
    static TestWarden warden;
    static JsonNode doc;
    static SchemaCheck check;

    @BeforeAll
    static void start() {
        warden = TestWarden.in(dir).rule("rules.js", """
                import { rule, webhook, manual, every, respond } from 'warden';
                export const created = rule({ id: 'on-created', description: 'labels new pages',
                  triggers: [webhook('page-created'), manual()],
                  run({ event, log }) { log.info('seen', { page: event.body?.page ?? null }); return { ok: true }; } });
                export const broken = rule({ id: 'broken', triggers: [webhook('broken'), manual()],
                  run: () => { throw new Error('no such page'); } });
                export const locked = rule({ id: 'locked', triggers: [manual()],
                  run: () => respond(409, { reason: 'locked' }) });
                export const hourly = rule({ id: 'hourly', triggers: [every('1h')], run: () => 'tick' });
                export const spin = rule({ id: 'spin', timeout: '300ms', triggers: [webhook('spin')],
                  run() { while (true) {} } });
                export const tiny = rule({ id: 'tiny', triggers: [webhook('small')], run: () => 1 });
                """).yaml("""
                webhooks:
                  small:
                    maxBody: 16B
                """).rule("typo.js", "export const = ;\n");
        Path plugins = PluginArtifacts.install(dir.resolve("plugins"), "example", "notifier");
        PluginArtifacts.throwingOnStart(plugins, "broken", "no luck today");
        warden.env("WARDEN_PLUGINS_DIR", plugins.toString()).env("WARDEN_PLUGINS_ENABLED", "example,broken").start();
        doc = json(warden.get("/api/openapi.json"));
        check = new SchemaCheck(doc);
    }

    @AfterAll
    static void stop() {
        warden.close();
    }

    @Test
    void webhookRunAndRunPagesMatchTheirSchemas() {
        JsonNode accepted = conforms("POST", "/hooks/{name}", warden.post("/hooks/page-created", "{\"page\": 7}",
                "x-api-key", ADMIN_KEY, "Content-Type", "application/json"), 202);
        String id = accepted.at("/runs/0/id").asText();
        warden.awaitRun(id);

        JsonNode run = conforms("GET", "/api/v1/runs/{id}", admin("GET", "/api/v1/runs/" + id), 200);
        assertThat(run.has("durationMs") && run.has("logs") && run.has("input")).as(run.toString()).isTrue();
        conforms("GET", "/api/v1/runs/{id}/logs", admin("GET", "/api/v1/runs/" + id + "/logs"), 200);
        JsonNode page = conforms("GET", "/api/v1/runs", admin("GET", "/api/v1/runs?limit=1"), 200);
        assertThat(page.get("next").isTextual()).as("a full page has a cursor").isTrue();
        JsonNode last = conforms("GET", "/api/v1/runs", admin("GET", "/api/v1/runs?limit=500"), 200);
        assertThat(last.get("next").isNull()).as("the last page's cursor is null").isTrue();
    }

    @Test
    void runNowAnswersMatchTheirSchemasWithAndWithoutWaiting() {
        conforms("POST", "/api/v1/rules/{id}/runs", admin("POST", "/api/v1/rules/on-created/runs"), 202);
        JsonNode failed = conforms("POST", "/api/v1/rules/{id}/runs",
                admin("POST", "/api/v1/rules/broken/runs?wait=20s"), 200);
        assertThat(failed.at("/error/code").asText()).isEqualTo("RULE_ERROR");
        JsonNode chosen = conforms("POST", "/api/v1/rules/{id}/runs",
                admin("POST", "/api/v1/rules/locked/runs?wait=20s"), 200);
        assertThat(chosen.at("/response/status").asInt()).isEqualTo(409);
        conforms("POST", "/api/v1/runs/{id}/cancel",
                admin("POST", "/api/v1/runs/" + chosen.get("id").asText() + "/cancel"), 409);
    }

    @Test
    void rulesAndTheirSchedulesMatchTheirSchemas() {
        JsonNode list = conforms("GET", "/api/v1/rules", admin("GET", "/api/v1/rules"), 200);
        assertThat(list.get("problems")).as("typo.js has a problem").isNotEmpty();
        conforms("GET", "/api/v1/rules/{id}", admin("GET", "/api/v1/rules/on-created"), 200);
        JsonNode hourly = conforms("GET", "/api/v1/rules/{id}", admin("GET", "/api/v1/rules/hourly"), 200);
        assertThat(hourly.at("/rule/schedule").isObject()).as(hourly.toString()).isTrue();
        conforms("GET", "/api/v1/rules/{id}/schedule", admin("GET", "/api/v1/rules/hourly/schedule"), 200);
        conforms("POST", "/api/v1/rules/{id}/disable", admin("POST", "/api/v1/rules/hourly/disable"), 200);
        conforms("POST", "/api/v1/rules/{id}/enable", admin("POST", "/api/v1/rules/hourly/enable"), 200);
    }

    @Test
    void keysMatchTheirSchemasFromCreationToRevocation() {
        JsonNode created = conforms("POST", "/api/v1/keys", warden.admin("POST", "/api/v1/keys",
                "{\"name\":\"schema-ci\",\"scopes\":[\"webhooks:trigger\"],\"hooks\":[\"page-creatd\"],"
                        + "\"expires\":\"90d\"}"), 201);
        assertThat(created.get("warnings")).hasSize(1);
        String id = created.at("/key/id").asText();
        conforms("GET", "/api/v1/keys", admin("GET", "/api/v1/keys"), 200);
        conforms("GET", "/api/v1/keys/{id}", admin("GET", "/api/v1/keys/" + id), 200);
        JsonNode revoked = conforms("POST", "/api/v1/keys/{id}/revoke", admin("POST", "/api/v1/keys/" + id
                + "/revoke"), 200);
        assertThat(revoked.has("revokedAt")).isTrue();
    }

    @Test
    void errorAnswersMatchTheErrorSchema() {
        assertThat(code(conforms("GET", "/api/v1/runs", warden.get("/api/v1/runs"), 401))).isEqualTo("KEY_MISSING");
        assertThat(code(conforms("GET", "/api/v1/runs", warden.get("/api/v1/runs", "x-api-key", "wdn_nope"), 401)))
                .isEqualTo("KEY_INVALID");
        String reader = warden.createKey("{\"name\":\"schema-reader\",\"scopes\":[\"rules:read\"]}");
        assertThat(code(conforms("GET", "/api/v1/keys", warden.get("/api/v1/keys", "x-api-key", reader), 403)))
                .isEqualTo("SCOPE_MISSING");
        String manager = warden.createKey("{\"name\":\"schema-manager\",\"scopes\":[\"keys:manage\","
                + "\"webhooks:trigger\"],\"hooks\":[\"page-created\"]}");
        assertThat(code(conforms("POST", "/api/v1/keys", warden.post("/api/v1/keys", "{\"name\":\"wide\","
                + "\"scopes\":[\"webhooks:trigger\"]}", "x-api-key", manager), 403))).isEqualTo("LIMIT_EXCEEDED");
        assertThat(code(conforms("POST", "/api/v1/keys", warden.admin("POST", "/api/v1/keys",
                "{\"name\":\"schema-manager\",\"scopes\":[\"rules:read\"]}"), 409))).isEqualTo("KEY_NAME_TAKEN");
        assertThat(code(conforms("POST", "/api/v1/keys", warden.admin("POST", "/api/v1/keys", "{\"name\":"), 400)))
                .isEqualTo("MALFORMED_JSON");
        assertThat(code(conforms("GET", "/api/v1/runs", admin("GET", "/api/v1/runs?status=DONE"), 400)))
                .isEqualTo("BAD_REQUEST");
        assertThat(code(conforms("GET", "/api/v1/runs/{id}", admin("GET", "/api/v1/runs/nope"), 404)))
                .isEqualTo("NOT_FOUND");
        assertThat(code(conforms("POST", "/hooks/{name}", warden.post("/hooks/nobody", "{}", "x-api-key",
                ADMIN_KEY), 404))).isEqualTo("UNKNOWN_HOOK");
        assertThat(code(conforms("POST", "/api/v1/leases/revoke-all", admin("POST", "/api/v1/leases/revoke-all"),
                409))).isEqualTo("NO_ADMIN_KEY_PROVIDER");
        JsonNode failed = conforms("POST", "/hooks/{name}", warden.post("/hooks/broken?wait=20s", "{}",
                "x-api-key", ADMIN_KEY), 500);
        assertThat(code(failed)).isEqualTo("RUN_FAILED");
        assertThat(failed.get("runs")).hasSize(1);
    }

    @Test
    void webhookRefusalsOfBodyKeyAndTimeMatchTheErrorSchema() {
        String type = "Content-Type";
        assertThat(code(conforms("POST", "/hooks/{name}", warden.post("/hooks/page-created", "{\"page\": ",
                "x-api-key", ADMIN_KEY, type, "application/json"), 400))).isEqualTo("MALFORMED_JSON");
        // Over a 16-byte limit, not over the default 1 MiB: a server refusing a large body before it has all of it
        // may close the connection while the client still sends, and the client then sees no answer at all.
        assertThat(code(conforms("POST", "/hooks/{name}", warden.post("/hooks/small",
                "{\"text\":\"" + "x".repeat(64) + "\"}", "x-api-key", ADMIN_KEY, type, "application/json"), 413)))
                .isEqualTo("TOO_LARGE");
        assertThat(code(conforms("POST", "/hooks/{name}", warden.post("/hooks/page-created", "--x\r\n"
                + "Content-Disposition: form-data; name=a\r\n\r\n1\r\n--x--\r\n", "x-api-key", ADMIN_KEY, type,
                "multipart/form-data; boundary=x"), 415))).isEqualTo("UNSUPPORTED_MEDIA_TYPE");
        conforms("POST", "/hooks/{name}", warden.post("/hooks/page-created", "{\"page\": 1}", "x-api-key",
                ADMIN_KEY, type, "application/json", "Idempotency-Key", "schema-once"), 202);
        assertThat(code(conforms("POST", "/hooks/{name}", warden.post("/hooks/page-created", "{\"page\": 2}",
                "x-api-key", ADMIN_KEY, type, "application/json", "Idempotency-Key", "schema-once"), 422)))
                .isEqualTo("IDEMPOTENCY_KEY_REUSED");
        JsonNode timedOut = conforms("POST", "/hooks/{name}", warden.post("/hooks/spin?wait=20s", "{}", "x-api-key",
                ADMIN_KEY, type, "application/json"), 504);
        assertThat(code(timedOut)).isEqualTo("RUN_TIMED_OUT");
        assertThat(timedOut.get("runs")).hasSize(1);
    }

    @Test
    void auditPluginsLeasesAndHealthMatchTheirSchemas() {
        warden.get("/api/v1/rules", "x-api-key", "wdn_refused");
        JsonNode audit = conforms("GET", "/api/v1/audit", admin("GET", "/api/v1/audit"), 200);
        assertThat(audit.get("entries")).isNotEmpty();
        conforms("GET", "/api/v1/audit", admin("GET", "/api/v1/audit?trail=leases"), 200);
        JsonNode plugins = conforms("GET", "/api/v1/plugins", admin("GET", "/api/v1/plugins"), 200);
        assertThat(plugins.get("plugins").findValuesAsText("state")).contains("STARTED", "DISABLED", "FAILED");
        conforms("GET", "/api/v1/plugins/{id}", admin("GET", "/api/v1/plugins/example"), 200);
        conforms("POST", "/api/v1/plugins/{id}/stop", admin("POST", "/api/v1/plugins/example/stop"), 200);
        conforms("POST", "/api/v1/plugins/{id}/start", admin("POST", "/api/v1/plugins/example/start"), 200);
        conforms("POST", "/api/v1/plugins/{id}/start", admin("POST", "/api/v1/plugins/notifier/start"), 409);
        conforms("GET", "/api/v1/plugins/{id}", admin("GET", "/api/v1/plugins/nope"), 404);
        conforms("GET", "/api/v1/leases", admin("GET", "/api/v1/leases"), 200);
        conforms("GET", "/api/v1/leases/audit", admin("GET", "/api/v1/leases/audit"), 200);
        conforms("GET", "/health", warden.get("/health"), 200);
        JsonNode detailed = conforms("GET", "/health", warden.get("/health", "x-api-key", ADMIN_KEY), 200);
        assertThat(detailed.at("/webhooks/hooks")).isNotEmpty();
        conforms("GET", "/api/openapi.json", warden.get("/api/openapi.json"), 200);
    }

    @Test
    void everyErrorOfEveryRouteHasTheErrorSchemaAndEveryJsonSuccessASchemaOfItsOwn() {
        List<String> missing = new ArrayList<>();
        doc.get("paths").properties().forEach(path -> path.getValue().properties().forEach(op -> {
            String route = op.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey();
            op.getValue().get("responses").properties().forEach(response -> {
                if (response.getKey().equals("default")) {
                    return;
                }
                int status = Integer.parseInt(response.getKey());
                JsonNode schema = response.getValue().at("/content/application~1json/schema");
                if (status >= 400 && !schema.path("$ref").asText().equals("#/components/schemas/Error")) {
                    missing.add(route + " " + status + " lacks the Error schema");
                }
                if (status < 400 && response.getValue().path("content").isEmpty()) {
                    missing.add(route + " " + status + " has no schema");
                }
            });
        }));
        assertThat(missing).isEmpty();
    }

    @Test
    void everyAnswerSchemaIsForARouteAndAStatusItsDocsList() {
        ApiSchemas.routesWithSchemas().forEach((route, statuses) -> {
            assertThat(ApiDocs.DOCS).as(route).containsKey(route);
            assertThat(ApiDocs.DOCS.get(route).responses()).as(route).containsKeys(statuses.toArray(Integer[]::new));
        });
    }

    @Test
    void everySchemaRefNamesASchemaTheDocumentHas() {
        List<String> refs = doc.findValuesAsText("$ref");
        assertThat(refs).isNotEmpty();
        refs.forEach(ref -> assertThat(doc.at(ref.substring(1)).isMissingNode()).as(ref).isFalse());
    }

    @Test
    void schemaCheckRefusesAMissingFieldAWrongTypeAndAFieldTheSchemaDoesNotName() throws Exception {
        JsonNode run = doc.at("/components/schemas/Run");
        String good = "{\"id\":\"r1\",\"rule\":\"a\",\"trigger\":{\"type\":\"manual\"},\"status\":\"QUEUED\","
                + "\"createdAt\":\"2025-01-31T08:00:00.123Z\"}";
        assertThat(check.problems(TestWarden.JSON.readTree(good), run)).isEmpty();
        assertThat(check.problems(TestWarden.JSON.readTree(good.replace("\"status\":\"QUEUED\",", "")), run))
                .containsExactly("$: lacks the required field 'status'");
        assertThat(check.problems(TestWarden.JSON.readTree(good.replace("\"r1\"", "1")), run))
                .containsExactly("$.id: integer 1 where the schema says \"string\"");
        assertThat(check.problems(TestWarden.JSON.readTree(good.replace("QUEUED", "DONE")), run)).hasSize(1);
        assertThat(check.problems(TestWarden.JSON.readTree(good.replace("{\"id\"", "{\"extra\":1,\"id\"")), run))
                .containsExactly("$: has the field 'extra', which the schema does not name");
        assertThat(check.problems(TestWarden.JSON.readTree("{\"runs\":[{}]}"),
                doc.at("/components/schemas/WebhookAccepted"))).hasSize(4);
    }

    /** Checks the answer's status and its body against the document's schema for them; returns the body. */
    private static JsonNode conforms(String method, String route, HttpResponse<String> answer, int status) {
        return check.conforms(method, route, answer, status);
    }

    private static HttpResponse<String> admin(String method, String path) {
        return warden.admin(method, path, null);
    }

    private static String code(JsonNode error) {
        return error.at("/error/code").asText();
    }
}
