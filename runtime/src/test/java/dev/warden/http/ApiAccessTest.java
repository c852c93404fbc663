package dev.warden.http;

import static dev.warden.testing.TestWarden.ADMIN_KEY;
import static dev.warden.testing.TestWarden.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import dev.warden.keys.RouteScopes;
import dev.warden.keys.Scope;
import dev.warden.testing.TestWarden;

/** Every /api/v1 route needs a key with the right scope, and the refusal names what was missing. */
class ApiAccessTest {

    @TempDir
    static Path dir;
    static TestWarden warden;

    @BeforeAll
    static void start() {
        warden = TestWarden.in(dir).rule("rules.js", """
                import { rule, manual } from 'warden';
                export const a = rule({ id: 'alpha', triggers: [manual()], run: () => 'a' });
                export const b = rule({ id: 'beta', triggers: [manual()], run: () => 'b' });
                """).env("WARDEN_AUTH_FAILURES_PER_MINUTE", "1000").start();
    }

    @AfterAll
    static void stop() {
        warden.close();
    }

    @Test
    void everyApiRouteRefusesARequestWithoutAKeyWithTheOneErrorShape() {
        for (RouteInfo route : warden.warden().server().routes()) {
            if (!route.path().startsWith("/api/v1") && !route.path().equals("/metrics")) {
                continue;
            }
            String path = route.path().replaceAll("\\{[^}]+}", "x");
            HttpResponse<String> response = warden.send(route.method(), path, route.method().equals("GET") ? null
                    : "{}");
            assertThat(response.statusCode()).as(route.key()).isEqualTo(401);
            JsonNode error = json(response).get("error");
            assertThat(error.get("code").asText()).isEqualTo("KEY_MISSING");
            assertThat(error.get("message").asText()).isNotBlank();
        }
    }

    @Test
    void twoDifferentKeysInOneRequestAre401AndTheSameKeyTwiceIsFine() {
        HttpResponse<String> both = warden.get("/api/v1/rules", "x-api-key", ADMIN_KEY, "Authorization",
                "Bearer wdn_other000_" + "o".repeat(32));
        assertThat(both.statusCode()).isEqualTo(401);
        assertThat(json(both).get("error").get("code").asText()).isEqualTo("KEY_AMBIGUOUS");
        assertThat(warden.get("/api/v1/rules", "x-api-key", ADMIN_KEY, "Authorization", "Bearer " + ADMIN_KEY)
                .statusCode()).isEqualTo(200);
    }

    @Test
    void anXApiKeyOrAuthorizationHeaderSentTwiceWithTwoKeysIsRefusedAsAmbiguousAndAudited() {
        String reader = warden.createKey("{\"name\":\"second-key\",\"scopes\":[\"runs:read\"]}");
        for (String header : List.of("x-api-key", "Authorization")) {
            String prefix = header.equals("Authorization") ? "Bearer " : "";
            for (List<String> order : List.of(List.of(ADMIN_KEY, reader), List.of(reader, ADMIN_KEY))) {
                HttpResponse<String> twice = warden.get("/api/v1/keys", header, prefix + order.get(0), header,
                        prefix + order.get(1));
                assertThat(twice.statusCode()).as(header + " " + twice.body()).isEqualTo(401);
                assertThat(json(twice).get("error").get("code").asText()).isEqualTo("KEY_AMBIGUOUS");
                assertThat(json(twice).get("error").get("message").asText()).contains("send one");
            }
        }
        HttpResponse<String> hook = warden.post("/hooks/anything", "{}", "x-api-key", ADMIN_KEY, "x-api-key", reader);
        assertThat(json(hook).get("error").get("code").asText()).isEqualTo("KEY_AMBIGUOUS");
        assertThat(warden.get("/health", "x-api-key", reader, "x-api-key", ADMIN_KEY).statusCode()).isEqualTo(401);
        assertThat(warden.get("/api/v1/keys", "x-api-key", ADMIN_KEY, "x-api-key", ADMIN_KEY).statusCode())
                .isEqualTo(200);
        JsonNode audited = json(warden.admin("GET", "/api/v1/audit?action=request.refused&limit=500", null))
                .get("entries");
        assertThat(audited.findValuesAsText("detail")).anyMatch(d -> d.startsWith("KEY_AMBIGUOUS"));
        assertThat(audited.toString()).doesNotContain(reader).doesNotContain(ADMIN_KEY);
    }

    @Test
    void headOfAGetRouteAnswersAsTheGetWouldWithoutTheBody() {
        String reader = warden.createKey("{\"name\":\"head-reader\",\"scopes\":[\"runs:read\"]}");
        HttpResponse<String> runs = warden.send("HEAD", "/api/v1/runs", null, "x-api-key", reader);
        assertThat(runs.statusCode()).as("runs:read is what GET needs, not admin").isEqualTo(200);
        assertThat(runs.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t)
                .startsWith("application/json"));
        assertThat(runs.body()).isEmpty();
        assertThat(warden.send("HEAD", "/api/v1/keys/nosuchkey", null, "x-api-key", ADMIN_KEY).statusCode())
                .as("a key that does not exist").isEqualTo(404);
        assertThat(warden.send("HEAD", "/metrics", null).statusCode()).as("no key").isEqualTo(401);
        assertThat(warden.send("HEAD", "/api/v1/runs?cursor=x", null, "x-api-key", reader).statusCode())
                .isEqualTo(400);
        assertThat(warden.send("HEAD", "/health", null).statusCode()).isEqualTo(200);
    }

    @Test
    void pagingAndTrailParametersThatMeanNothingAre400NotAQuietDefault() {
        for (String path : List.of("/api/v1/runs?before=garbage", "/api/v1/audit?before=garbage",
                "/api/v1/audit?trail=LEASES", "/api/v1/leases/audit?limit=0", "/api/v1/leases/audit?limit=9999",
                "/api/v1/audit?trail=leases&limit=0")) {
            HttpResponse<String> response = warden.admin("GET", path, null);
            assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(400);
        }
        assertThat(warden.admin("GET", "/api/v1/leases/audit?limit=1000", null).statusCode()).isEqualTo(200);
    }

    @Test
    void publicRoutesNeedNoKey() {
        assertThat(warden.get("/health").statusCode()).isEqualTo(200);
        assertThat(warden.get("/api/openapi.json").statusCode()).isEqualTo(200);
    }

    @Test
    void keyWithoutTheRoutesScopeIs403NamingTheScope() {
        String key = warden.createKey("{\"name\":\"hooks-only\",\"scopes\":[\"webhooks:trigger\"]}");
        HttpResponse<String> rules = warden.get("/api/v1/rules", "x-api-key", key);
        assertThat(rules.statusCode()).isEqualTo(403);
        assertThat(json(rules).get("error").get("code").asText()).isEqualTo("SCOPE_MISSING");
        assertThat(json(rules).get("error").get("message").asText()).contains("'rules:read'");
        HttpResponse<String> keys = warden.get("/api/v1/keys", "x-api-key", key);
        assertThat(json(keys).get("error").get("message").asText()).contains("'keys:manage'");
        HttpResponse<String> audit = warden.get("/api/v1/audit", "x-api-key", key);
        assertThat(json(audit).get("error").get("message").asText()).contains("'admin'");
    }

    @Test
    void readScopesDoNotAllowRunning() {
        String key = warden.createKey("{\"name\":\"reader\",\"scopes\":[\"rules:read\",\"runs:read\"]}");
        assertThat(warden.get("/api/v1/rules/alpha", "x-api-key", key).statusCode()).isEqualTo(200);
        assertThat(warden.get("/api/v1/runs", "x-api-key", key).statusCode()).isEqualTo(200);
        HttpResponse<String> run = warden.post("/api/v1/rules/alpha/runs", "{}", "x-api-key", key);
        assertThat(run.statusCode()).isEqualTo(403);
        assertThat(json(run).get("error").get("message").asText()).contains("'rules:run'");
    }

    @Test
    void keyLimitedToARuleSeesAndRunsOnlyThatRule() {
        String key = warden.createKey("{\"name\":\"alpha-only\",\"scopes\":[\"rules:read\",\"rules:run\","
                + "\"runs:read\"],\"rules\":[\"alpha\"]}");
        JsonNode rules = json(warden.get("/api/v1/rules", "x-api-key", key)).get("rules");
        assertThat(rules.findValuesAsText("id")).containsExactly("alpha");
        HttpResponse<String> beta = warden.get("/api/v1/rules/beta", "x-api-key", key);
        assertThat(beta.statusCode()).isEqualTo(403);
        assertThat(json(beta).get("error").get("code").asText()).isEqualTo("RULE_NOT_ALLOWED");
        assertThat(warden.post("/api/v1/rules/beta/runs", "{}", "x-api-key", key).statusCode()).isEqualTo(403);
        assertThat(warden.post("/api/v1/rules/alpha/runs?wait=10s", "{}", "x-api-key", key).statusCode())
                .isEqualTo(200);
        String betaRun = json(warden.admin("POST", "/api/v1/rules/beta/runs", "{}")).get("id").asText();
        assertThat(warden.get("/api/v1/runs/" + betaRun, "x-api-key", key).statusCode()).as("other rules' runs")
                .isEqualTo(404);
        JsonNode listed = json(warden.get("/api/v1/runs", "x-api-key", key)).get("runs");
        assertThat(listed.findValuesAsText("rule")).as("like the rules list, only the key's rules").isNotEmpty()
                .containsOnly("alpha");
        assertThat(warden.get("/api/v1/runs?rule=alpha", "x-api-key", key).statusCode()).isEqualTo(200);
        assertThat(warden.get("/api/v1/runs?rule=beta", "x-api-key", key).statusCode()).isEqualTo(403);
    }

    @Test
    void scopeTableCoversRoutesThatOtherFeaturesAddLater() {
        assertThat(RouteScopes.required("POST", "/api/v1/leases/{id}/release")).contains(Scope.LEASES_MANAGE);
        assertThat(RouteScopes.required("GET", "/api/v1/plugins")).contains(Scope.ADMIN);
        assertThat(RouteScopes.required("POST", "/api/v1/rules/{id}/disable")).contains(Scope.ADMIN);
        assertThat(RouteScopes.required("GET", "/api/v1/rules/{id}/schedule")).contains(Scope.RULES_READ);
        assertThat(RouteScopes.required("GET", "/health")).isEmpty();
        assertThat(RouteScopes.required("POST", "/hooks/{name}")).isEmpty();
    }

    @Test
    void adminKeyMayDoEverything() {
        assertThat(warden.admin("GET", "/api/v1/audit", null).statusCode()).isEqualTo(200);
        assertThat(warden.get("/metrics", "Authorization", "Bearer " + ADMIN_KEY).statusCode()).isEqualTo(200);
    }
}
