package dev.warden.http;

import static dev.warden.testing.TestWarden.ADMIN_KEY;
import static dev.warden.testing.TestWarden.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.io.TempDir;

import dev.warden.config.ConfigException;
import dev.warden.testing.TestWarden;

/** Repeated failed authentication from one address is refused for the rest of the minute, even with a good key. */
class AuthThrottleTest {

    @TempDir
    Path dir;

    @Test
    void addressWithTooManyFailuresGets429WithRetryAfterAndTheEventIsAudited() {
        try (TestWarden warden = TestWarden.in(dir).env("WARDEN_AUTH_FAILURES_PER_MINUTE", "3").start()) {
            for (int i = 0; i < 3; i++) {
                assertThat(warden.get("/api/v1/rules", "x-api-key", "wdn_guess" + i + "xx_" + "g".repeat(32))
                        .statusCode()).isEqualTo(401);
            }
            HttpResponse<String> throttled = warden.get("/api/v1/rules", "x-api-key", ADMIN_KEY);
            assertThat(throttled.statusCode()).isEqualTo(429);
            assertThat(json(throttled).get("error").get("code").asText()).isEqualTo("THROTTLED");
            assertThat(Long.parseLong(throttled.headers().firstValue("Retry-After").orElseThrow()))
                    .isBetween(1L, 60L);
            HttpResponse<String> hook = warden.post("/hooks/anything", "{}", "x-api-key", ADMIN_KEY);
            assertThat(hook.statusCode()).as("webhooks too").isEqualTo(429);
        }
        try (TestWarden warden = TestWarden.in(dir).env("WARDEN_AUTH_FAILURES_PER_MINUTE", "3").start()) {
            assertThat(json(warden.admin("GET", "/api/v1/audit?action=auth.throttled", null)).get("entries"))
                    .hasSize(1);
        }
    }

    @Test
    void requestsWithoutAnyKeyAreRefusedButNotCountedAsGuesses() {
        try (TestWarden warden = TestWarden.in(dir).env("WARDEN_AUTH_FAILURES_PER_MINUTE", "3").start()) {
            for (int i = 0; i < 5; i++) {
                assertThat(warden.get("/api/v1/rules").statusCode()).isEqualTo(401);
            }
            assertThat(warden.get("/api/v1/rules", "x-api-key", ADMIN_KEY).statusCode()).isEqualTo(200);
            for (int i = 0; i < 3; i++) {
                warden.get("/health", "x-api-key", "wdn_stale" + i + "xx_" + "g".repeat(32));
            }
            assertThat(warden.get("/api/v1/rules", "x-api-key", ADMIN_KEY).statusCode())
                    .as("stale keys on /health are guesses like anywhere else").isEqualTo(429);
        }
    }

    @Test
    void behindATrustedProxyOneClientsFailuresThrottleThatClientAlone() {
        try (TestWarden warden = TestWarden.in(dir).env("WARDEN_AUTH_FAILURES_PER_MINUTE", "3")
                .env("WARDEN_HTTP_TRUSTED_PROXIES", "127.0.0.1, ::1").start()) {
            for (int i = 0; i < 4; i++) {
                warden.get("/api/v1/rules", "x-api-key", "wdn_guess" + i + "xx_" + "g".repeat(32),
                        "X-Forwarded-For", "198.51.100.7, 203.0.113.5");
            }
            assertThat(warden.get("/api/v1/rules", "x-api-key", ADMIN_KEY, "X-Forwarded-For", "203.0.113.5")
                    .statusCode()).as("the guessing client").isEqualTo(429);
            assertThat(warden.get("/api/v1/rules", "x-api-key", ADMIN_KEY, "X-Forwarded-For", "203.0.113.6")
                    .statusCode()).as("another client behind the same proxy").isEqualTo(200);
            JsonNode refused = json(warden.admin("GET", "/api/v1/audit?action=request.refused", null))
                    .get("entries");
            assertThat(refused.findValuesAsText("address")).contains("203.0.113.5").doesNotContain("127.0.0.1");
        }
    }

    @Test
    void withoutATrustedProxyXForwardedForIsIgnoredSoAClientCannotChooseItsAddress() {
        try (TestWarden warden = TestWarden.in(dir).env("WARDEN_AUTH_FAILURES_PER_MINUTE", "3").start()) {
            for (int i = 0; i < 4; i++) {
                warden.get("/api/v1/rules", "x-api-key", "wdn_guess" + i + "xx_" + "g".repeat(32),
                        "X-Forwarded-For", "203.0.113." + i);
            }
            assertThat(warden.get("/api/v1/rules", "x-api-key", ADMIN_KEY, "X-Forwarded-For", "203.0.113.9")
                    .statusCode()).isEqualTo(429);
        }
    }

    @Test
    void aTrustedProxyThatIsNotAnAddressStopsTheStartNamingIt() {
        TestWarden warden = TestWarden.in(dir).env("WARDEN_HTTP_TRUSTED_PROXIES", "proxy.internal");
        try {
            warden.start();
            throw new AssertionError("started with a host name as trusted proxy");
        } catch (ConfigException e) {
            assertThat(e.getMessage()).contains("http.trustedProxies")
                    .contains("'proxy.internal' is not an IP address");
        } finally {
            warden.close();
        }
    }
}
