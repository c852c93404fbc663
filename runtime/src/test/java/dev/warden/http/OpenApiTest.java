package dev.warden.http;

import static dev.warden.testing.TestWarden.ADMIN_KEY;
import static dev.warden.testing.TestWarden.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import dev.warden.keys.RouteScopes;
import dev.warden.testing.TestWarden;

/** /api/openapi.json is built from the registered routes; this keeps it complete and true. */
class OpenApiTest {

    @TempDir
    static Path dir;
    static TestWarden warden;
    static JsonNode doc;

    @BeforeAll
    static void start() {
        warden = TestWarden.in(dir).start();
        doc = json(warden.get("/api/openapi.json"));
    }

    @AfterAll
    static void stop() {
        warden.close();
    }

    @Test
    void documentListsExactlyTheRoutesTheServerRegistered() {
        List<String> documented = new ArrayList<>();
        doc.get("paths").properties().forEach(path -> path.getValue().properties().forEach(op ->
                documented.add(op.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey())));
        List<String> registered = warden.warden().server().routes().stream().map(RouteInfo::key).toList();
        assertThat(documented).containsExactlyInAnyOrderElementsOf(registered);
    }

    @Test
    void everyRouteIsDescribedInApiDocsAndEveryDescriptionHasARoute() {
        List<String> registered = warden.warden().server().routes().stream().map(RouteInfo::key).toList();
        assertThat(ApiDocs.keys()).as("add new routes to ApiDocs; remove entries of routes that are gone")
                .containsExactlyInAnyOrderElementsOf(registered);
    }

    @Test
    void eachOperationDeclaresItsPathParametersAndTheScopeTheServerEnforces() {
        Pattern param = Pattern.compile("\\{([^}]+)}");
        doc.get("paths").properties().forEach(path -> path.getValue().properties().forEach(entry -> {
            JsonNode op = entry.getValue();
            String method = entry.getKey().toUpperCase(Locale.ROOT);
            assertThat(op.get("summary").asText()).doesNotContain("undocumented");
            Matcher m = param.matcher(path.getKey());
            while (m.find()) {
                String name = m.group(1);
                assertThat(op.get("parameters").findValuesAsText("name")).as(method + " " + path.getKey())
                        .contains(name);
            }
            String scope = RouteScopes.required(method, path.getKey()).map(s -> s.id()).orElse(null);
            assertThat(op.path("x-warden-scope").asText(null)).as(method + " " + path.getKey()).isEqualTo(
                    path.getKey().startsWith("/hooks/") ? null : scope);
            assertThat(op.get("responses").size()).isPositive();
        }));
    }

    @Test
    void theHeadersAWebhookAndARunNowReadAreDeclared() {
        JsonNode hook = doc.get("paths").get("/hooks/{name}").get("post");
        assertThat(headers(hook)).contains("Idempotency-Key", "X-Request-Id", "Prefer", "X-Warden-Timestamp",
                "X-Warden-Signature");
        assertThat(hook.get("responses").has("503")).isTrue();
        assertThat(headers(doc.get("paths").get("/api/v1/rules/{id}/runs").get("post")))
                .contains("Idempotency-Key", "Prefer");
    }

    @Test
    void keyCreationDocumentsTheTakenNameAndTheLimitsWarnings() {
        JsonNode responses = doc.at("/paths/~1api~1v1~1keys/post/responses");
        assertThat(responses.at("/409/description").asText()).contains("KEY_NAME_TAKEN");
        assertThat(responses.at("/409/content/application~1json/schema/$ref").asText())
                .isEqualTo("#/components/schemas/Error");
        assertThat(responses.at("/201/description").asText()).contains("warnings");
        assertThat(responses.at("/403/description").asText()).contains("SCOPE_MISSING", "LIMIT_EXCEEDED");
        assertThat(responses.at("/201/content/application~1json/schema/$ref").asText())
                .isEqualTo("#/components/schemas/NewKey");
    }

    @Test
    void keyCreationsRequestBodyNamesTheFieldsItTakesAndRefusesOthersAsTheServerDoes() {
        JsonNode schema = doc.at("/components/schemas/KeyRequest");
        List<String> fields = new ArrayList<>();
        schema.get("properties").fieldNames().forEachRemaining(fields::add);
        assertThat(fields).containsExactlyInAnyOrder("name", "scopes", "rules", "hooks", "expires", "expiresAt");
        assertThat(schema.get("additionalProperties").asBoolean(true)).isFalse();
        assertThat(schema.at("/properties/name/type").asText()).isEqualTo("string");
        assertThat(doc.at("/paths/~1api~1v1~1keys/post/requestBody/content/application~1json/schema/$ref").asText())
                .isEqualTo("#/components/schemas/KeyRequest");
        HttpResponse<String> other = warden.admin("POST", "/api/v1/keys", "{\"name\":\"n\",\"scopes\":"
                + "[\"rules:read\"],\"colour\":\"red\"}");
        assertThat(other.statusCode()).isEqualTo(400);
        HttpResponse<String> wrongType = warden.admin("POST", "/api/v1/keys", "{\"name\":7,\"scopes\":"
                + "[\"rules:read\"]}");
        assertThat(wrongType.statusCode()).as("the schema says name is a string").isEqualTo(400);
    }

    @Test
    void theStatusesEveryRouteAnswersBeforeItsOwnCodeRunsAreDocumented() {
        for (RouteInfo route : warden.warden().server().routes()) {
            String path = route.path().replaceAll("\\{[^}]+}", "x");
            JsonNode op = doc.get("paths").get(route.path()).get(route.method().toLowerCase(Locale.ROOT));
            assertThat(warden.raw(route.method(), path + "?q=%zz", null, "x-api-key", ADMIN_KEY).status())
                    .as(route.key()).isEqualTo(400);
            assertThat(op.get("responses").has("400")).as(route.key() + " answers 400").isTrue();
            if (route.path().startsWith("/api/v1/")) {
                HttpResponse<String> unknown = warden.send(route.method(), path + "?misspelt=1", null, "x-api-key",
                        ADMIN_KEY);
                assertThat(unknown.statusCode()).as(route.key() + " " + unknown.body()).isEqualTo(400);
            }
            if (op.has("requestBody")) {
                HttpResponse<String> gzip = warden.send(route.method(), path, "{}", "x-api-key", ADMIN_KEY,
                        "Content-Encoding", "gzip");
                assertThat(gzip.statusCode()).as(route.key()).isEqualTo(415);
                assertThat(op.get("responses").has("415")).as(route.key() + " answers 415").isTrue();
                assertThat(op.get("responses").has("413")).as(route.key() + " answers 413").isTrue();
            }
        }
        HttpResponse<String> large = warden.admin("POST", "/api/v1/keys", "{\"name\":\"" + "n".repeat(1 << 21)
                + "\"}");
        assertThat(large.statusCode()).isEqualTo(413);
    }

    private static java.util.List<String> headers(JsonNode op) {
        java.util.List<String> out = new java.util.ArrayList<>();
        op.get("parameters").forEach(p -> {
            if (p.get("in").asText().equals("header")) {
                out.add(p.get("name").asText());
            }
        });
        return out;
    }

    @Test
    void documentIsOpenApi31WithTheErrorShapeAndKeySchemes() {
        assertThat(doc.get("openapi").asText()).isEqualTo("3.1.0");
        JsonNode error = doc.at("/components/schemas/Error/properties/error/required");
        assertThat(List.of(error.get(0).asText(), error.get(1).asText())).containsExactly("code", "message");
        assertThat(doc.at("/components/securitySchemes/apiKey/name").asText()).isEqualTo("x-api-key");
        assertThat(doc.at("/paths/~1api~1v1~1runs~1{id}/get/responses/404/content/application~1json/schema/$ref")
                .asText()).isEqualTo("#/components/schemas/Error");
        assertThat(Map.of("post", doc.at("/paths/~1hooks~1{name}/post/security").size())).containsEntry("post", 3);
    }
}
