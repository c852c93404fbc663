package dev.warden.http;

import static dev.warden.testing.TestWarden.ADMIN_KEY;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import dev.warden.testing.RawHttp;
import dev.warden.testing.TestWarden;

/** Requests the server refuses before any route sees them are answered in the one JSON error shape too. */
class ServerErrorsTest {

    @TempDir
    static Path dir;
    static TestWarden warden;

    @BeforeAll
    static void start() {
        warden = TestWarden.in(dir).rule("rules.js", """
                import { rule, webhook, manual } from 'warden';
                export const a = rule({ id: 'alpha', triggers: [webhook('in'), manual()], run: () => 'a' });
                """).start();
    }

    @AfterAll
    static void stop() {
        warden.close();
    }

    @Test
    void badPercentEscapeInThePathIs400AsJson() {
        RawHttp.Response run = warden.raw("GET", "/api/v1/runs/%ZZ", null, "x-api-key", ADMIN_KEY);
        RawHttp.Response hook = warden.raw("POST", "/hooks/%ZZ", "{}", "x-api-key", ADMIN_KEY,
                "Content-Type", "application/json");
        for (RawHttp.Response response : new RawHttp.Response[] {run, hook}) {
            assertThat(response.status()).as(response.body()).isEqualTo(400);
            assertThat(response.contentType()).startsWith("application/json");
            JsonNode error = response.json().get("error");
            assertThat(error.get("code").asText()).isEqualTo("BAD_REQUEST");
            assertThat(error.get("message").asText()).contains("bad percent-escape").doesNotContain("<");
        }
    }

    @Test
    void aBadContentLengthIs400WithoutBlamingThePath() {
        RawHttp.Response response = warden.raw("POST", "/hooks/page", null, "x-api-key", ADMIN_KEY,
                "Content-Length", "-1");
        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.json().get("error").get("message").asText()).doesNotContain("percent-escape");
    }

    @Test
    void requestHeadersTooLargeAre431AsJson() {
        RawHttp.Response response = warden.raw("GET", "/health", null, "X-Padding", "x".repeat(64 * 1024));
        assertThat(response.status()).as(response.body()).isEqualTo(431);
        assertThat(response.contentType()).startsWith("application/json");
        assertThat(response.json().get("error").get("code").asText()).isEqualTo("REQUEST_HEADER_FIELDS_TOO_LARGE");
    }

    @Test
    void aKnownPathWithTheWrongMethodIs405NamingTheMethodsItTakesHeadWithGet() {
        java.net.http.HttpResponse<String> get = warden.get("/hooks/in", "x-api-key", ADMIN_KEY);
        assertThat(get.statusCode()).as(get.body()).isEqualTo(405);
        assertThat(get.headers().firstValue("Allow")).contains("POST");
        assertThat(TestWarden.json(get).get("error").get("message").asText()).contains("GET").contains("POST");
        java.net.http.HttpResponse<String> delete = warden.send("DELETE", "/api/v1/rules", null, "x-api-key",
                ADMIN_KEY);
        assertThat(delete.statusCode()).isEqualTo(405);
        assertThat(delete.headers().firstValue("Allow")).as("HEAD answers as GET does").contains("GET, HEAD");
        assertThat(warden.get("/nowhere", "x-api-key", ADMIN_KEY).statusCode()).isEqualTo(404);
    }

    @Test
    void aCompressedBodyIs415OnEveryRouteThatReadsOne() {
        java.net.http.HttpResponse<String> runNow = warden.post("/api/v1/rules/alpha/runs", "{}", "x-api-key",
                ADMIN_KEY, "Content-Type", "application/json", "Content-Encoding", "gzip");
        assertThat(runNow.statusCode()).as(runNow.body()).isEqualTo(415);
        assertThat(TestWarden.json(runNow).get("error").get("message").asText()).contains("Content-Encoding 'gzip'");
        assertThat(warden.post("/api/v1/rules/alpha/runs", "{}", "x-api-key", ADMIN_KEY, "Content-Encoding",
                "identity").statusCode()).isEqualTo(202);
    }
}
