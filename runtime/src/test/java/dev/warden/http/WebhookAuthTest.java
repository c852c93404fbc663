package dev.warden.http;

import static dev.warden.testing.TestWarden.ADMIN_KEY;
import static dev.warden.testing.TestWarden.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import dev.warden.testing.TestWarden;

/** Webhooks authenticated by API key: each refusal says which of missing, invalid, expired, revoked, scope, limit. */
class WebhookAuthTest {

    @TempDir
    static Path dir;
    static TestWarden warden;

    @BeforeAll
    static void start() {
        warden = TestWarden.in(dir).rule("hooks.js", """
                import { rule, webhook } from 'warden';
                export const a = rule({ id: 'on-created', triggers: [webhook('page-created')], run: () => 'ok' });
                export const b = rule({ id: 'on-deleted', triggers: [webhook('page-deleted')], run: () => 'ok' });
                """).env("WARDEN_AUTH_FAILURES_PER_MINUTE", "1000").start();
    }

    @AfterAll
    static void stop() {
        warden.close();
    }

    private static HttpResponse<String> hook(String name, String... headers) {
        return warden.post("/hooks/" + name, "{}", headers);
    }

    private static void assertRefused(HttpResponse<String> response, int status, String code, String mentions) {
        assertThat(response.statusCode()).isEqualTo(status);
        JsonNode error = json(response).get("error");
        assertThat(error.get("code").asText()).isEqualTo(code);
        assertThat(error.get("message").asText()).contains(mentions);
    }

    @Test
    void missingKeyIs401SayingWhereToSendIt() {
        HttpResponse<String> response = hook("page-created");
        assertRefused(response, 401, "KEY_MISSING", "x-api-key");
        assertThat(response.headers().firstValue("WWW-Authenticate")).isPresent();
    }

    @Test
    void unknownKeyIs401() {
        assertRefused(hook("page-created", "x-api-key", "wdn_AAAAAAAA_" + "b".repeat(32)), 401, "KEY_INVALID",
                "not valid");
    }

    @Test
    void expiredKeyIs401SayingItExpired() {
        String key = warden.createKey("{\"name\":\"short\",\"scopes\":[\"webhooks:trigger\"],\"expires\":\"300ms\"}");
        assertThat(hook("page-created", "x-api-key", key).statusCode()).isEqualTo(202);
        TestWarden.sleep(400);
        assertRefused(hook("page-created", "x-api-key", key), 401, "KEY_EXPIRED", "expired at");
    }

    @Test
    void revokedKeyIs401SayingItWasRevoked() {
        String key = warden.createKey("{\"name\":\"gone\",\"scopes\":[\"webhooks:trigger\"]}");
        String id = json(warden.admin("GET", "/api/v1/keys", null)).get("keys").findValues("id").stream()
                .map(JsonNode::asText).filter(k -> key.startsWith("wdn_" + k)).findFirst().orElseThrow();
        assertThat(warden.admin("POST", "/api/v1/keys/" + id + "/revoke", null).statusCode()).isEqualTo(200);
        assertRefused(hook("page-created", "x-api-key", key), 401, "KEY_REVOKED", "revoked");
    }

    @Test
    void bearerTokenIsAcceptedLikeTheHeader() {
        assertThat(hook("page-created", "Authorization", "Bearer " + ADMIN_KEY).statusCode()).isEqualTo(202);
    }

    @Test
    void keyWithoutTheWebhookScopeIs403NamingTheScope() {
        String key = warden.createKey("{\"name\":\"reader\",\"scopes\":[\"rules:read\"]}");
        assertRefused(hook("page-created", "x-api-key", key), 403, "SCOPE_MISSING", "webhooks:trigger");
    }

    @Test
    void keyLimitedToOtherHooksIs403NamingTheLimit() {
        String key = warden.createKey("{\"name\":\"automation\",\"scopes\":[\"webhooks:trigger\"],"
                + "\"hooks\":[\"page-created\"]}");
        assertThat(hook("page-created", "x-api-key", key).statusCode()).isEqualTo(202);
        assertRefused(hook("page-deleted", "x-api-key", key), 403, "HOOK_NOT_ALLOWED", "[page-created]");
        assertRefused(hook("no-such-hook", "x-api-key", key), 403, "HOOK_NOT_ALLOWED", "[page-created]");
        assertRefused(hook("Page-Created", "x-api-key", key), 403, "HOOK_NOT_ALLOWED",
                "did you mean /hooks/page-created?");
    }

    @Test
    void refusalsAreAuditedWithoutTheSecret() {
        String secret = "wdn_ZZZZZZZZ_" + "s".repeat(32);
        hook("page-deleted", "x-api-key", secret);
        JsonNode entries = json(warden.admin("GET", "/api/v1/audit?action=request.refused", null)).get("entries");
        assertThat(entries.findValuesAsText("detail")).anyMatch(d -> d.startsWith("KEY_INVALID"));
        assertThat(entries.toString()).doesNotContain(secret).contains("wdn_ZZZZZZZZ");
    }
}
