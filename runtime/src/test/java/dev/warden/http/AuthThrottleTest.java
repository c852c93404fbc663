package dev.warden.http;

import static dev.warden.testing.TestWarden.ADMIN_KEY;
import static dev.warden.testing.TestWarden.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
}
