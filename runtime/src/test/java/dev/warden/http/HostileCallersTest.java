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

import dev.warden.testing.RawHttp;
import dev.warden.testing.TestWarden;

/** What a careless or hostile caller sends gets a clear answer that neither echoes nor changes what it sent. */
class HostileCallersTest {

    private static final String LONG = "x".repeat(5000);
    private static final String SHOWN = "x".repeat(100) + "… (5000 characters)";

    @TempDir
    static Path dir;
    static TestWarden warden;

    @BeforeAll
    static void start() {
        warden = TestWarden.in(dir).rule("rules.js", """
                import { rule, webhook, manual } from 'warden';
                export const probe = rule({ id: 'probe', triggers: [webhook('in'), manual()],
                  run: ({ event }) => ({ n: event.body?.n ?? null, type: typeof event.body?.n }) });
                export const alpha = rule({ id: 'alpha', triggers: [manual()], run: () => 'a' });
                """).start();
    }

    @AfterAll
    static void stop() {
        warden.close();
    }

    private static String message(HttpResponse<String> response) {
        return json(response).get("error").get("message").asText();
    }

    @Test
    void aLongIdFromThePathOrQueryIsShownCutTo100CharactersWithItsLength() {
        for (HttpResponse<String> response : java.util.List.of(
                warden.post("/hooks/" + LONG, "{}", "x-api-key", ADMIN_KEY),
                warden.get("/api/v1/rules/" + LONG, "x-api-key", ADMIN_KEY),
                warden.post("/api/v1/rules/" + LONG + "/runs", "{}", "x-api-key", ADMIN_KEY),
                warden.get("/api/v1/rules/" + LONG + "/schedule", "x-api-key", ADMIN_KEY),
                warden.get("/api/v1/runs/" + LONG, "x-api-key", ADMIN_KEY),
                warden.get("/api/v1/keys/" + LONG, "x-api-key", ADMIN_KEY),
                warden.get("/api/v1/plugins/" + LONG, "x-api-key", ADMIN_KEY),
                warden.get("/api/v1/runs?status=" + LONG, "x-api-key", ADMIN_KEY),
                warden.post("/api/v1/rules/alpha/runs?wait=" + LONG, "{}", "x-api-key", ADMIN_KEY),
                warden.get("/api/v1/audit?trail=" + LONG, "x-api-key", ADMIN_KEY))) {
            assertThat(response.statusCode()).as(response.body()).isIn(400, 404);
            assertThat(message(response)).as(response.uri().getPath()).contains(SHOWN)
                    .doesNotContain("x".repeat(101));
        }
        HttpResponse<String> nowhere = warden.get("/nowhere/" + LONG, "x-api-key", ADMIN_KEY);
        assertThat(message(nowhere)).as("the whole path, cut").contains("/nowhere/xxx")
                .contains("… (5009 characters)").doesNotContain("x".repeat(101));
        HttpResponse<String> newline = warden.post("/hooks/a%0Ab", "{}", "x-api-key", ADMIN_KEY);
        assertThat(message(newline)).as("a decoded control character is shown escaped").contains("'a\\u000ab'");
    }

    @Test
    void aLongIdARefusedKeyAskedForIsCutInTheAnswerAndInTheAuditTrail() {
        String key = warden.createKey("{\"name\":\"probe-only\",\"scopes\":[\"rules:read\"],\"rules\":[\"probe\"],"
                + "\"hooks\":[\"in\"]}");
        HttpResponse<String> rule = warden.get("/api/v1/rules/" + LONG, "x-api-key", key);
        assertThat(rule.statusCode()).isEqualTo(403);
        assertThat(message(rule)).contains("'" + SHOWN + "'").doesNotContain("x".repeat(101));
        JsonNode entries = json(warden.get("/api/v1/audit?action=request.refused", "x-api-key", ADMIN_KEY))
                .get("entries");
        JsonNode refused = null;
        for (JsonNode entry : entries) {
            if (entry.get("detail").asText().contains("RULE_NOT_ALLOWED")) {
                refused = entry;
            }
        }
        assertThat(refused).as(entries.toString()).isNotNull();
        assertThat(refused.get("target").asText()).isEqualTo("GET " + ("/api/v1/rules/" + LONG).substring(0, 100)
                + "… (" + ("/api/v1/rules/" + LONG).length() + " characters)");
        assertThat(refused.get("detail").asText()).contains(SHOWN).doesNotContain("x".repeat(101));
    }

    @Test
    void aKeyLimitedToARuleReachesItByAPercentEncodedPathAsTheRouteReadsItAndNoOtherRule() {
        String key = warden.createKey("{\"name\":\"probe-runner\",\"scopes\":[\"rules:read\",\"rules:run\"],"
                + "\"rules\":[\"probe\"]}");
        HttpResponse<String> read = warden.get("/api/v1/rules/%70robe", "x-api-key", key);
        assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
        assertThat(json(read).get("rule").get("id").asText()).isEqualTo("probe");
        HttpResponse<String> run = warden.post("/api/v1/rules/%70r%6Fbe/runs", "{}", "x-api-key", key);
        assertThat(run.statusCode()).as(run.body()).isEqualTo(202);
        assertThat(json(run).get("rule").asText()).isEqualTo("probe");
        for (String path : new String[] {"/api/v1/rules/%61lpha", "/api/v1/rules/alpha"}) {
            HttpResponse<String> other = warden.get(path, "x-api-key", key);
            assertThat(other.statusCode()).as(path).isEqualTo(403);
            assertThat(message(other)).contains("'alpha' is not one of them");
        }
        assertThat(warden.post("/api/v1/rules/%61lpha/runs", "{}", "x-api-key", key).statusCode()).isEqualTo(403);
    }

    @Test
    void aContentEncodingWithoutABodyIsIgnoredAndACallerWithoutAKeyHears401BeforeAnythingAboutTheBody() {
        RawHttp.Response get = warden.raw("GET", "/api/v1/rules", null, "x-api-key", ADMIN_KEY,
                "Content-Encoding", "gzip");
        assertThat(get.status()).as(get.body()).isEqualTo(200);
        RawHttp.Response emptyPost = warden.raw("POST", "/api/v1/rules/alpha/runs", null, "x-api-key", ADMIN_KEY,
                "Content-Encoding", "gzip", "Content-Length", "0");
        assertThat(emptyPost.status()).as(emptyPost.body()).isEqualTo(202);
        RawHttp.Response anonymous = warden.raw("GET", "/api/v1/rules", null, "Content-Encoding", "gzip");
        assertThat(anonymous.status()).as(anonymous.body()).isEqualTo(401);
        HttpResponse<String> compressedRun = warden.post("/api/v1/rules/alpha/runs", "{}", "Content-Encoding",
                "gzip");
        assertThat(compressedRun.statusCode()).as(compressedRun.body()).isEqualTo(401);
        HttpResponse<String> compressedHook = warden.post("/hooks/in", "{}", "Content-Encoding", "gzip");
        assertThat(compressedHook.statusCode()).as(compressedHook.body()).isEqualTo(401);
        HttpResponse<String> keyed = warden.post("/hooks/in", "{}", "x-api-key", ADMIN_KEY, "Content-Encoding",
                "gzip");
        assertThat(keyed.statusCode()).as("with a key, the body's encoding is refused as before").isEqualTo(415);
    }

    @Test
    void aNumberBeyondAJavaScriptNumbersRangeIs400NamingWhereItIsForWebhooksAndRunsByHandAndRunsNothing() {
        long before = warden.warden().runs().count();
        String[] bodies = {"{\"n\": 1e400}", "1e400", "[-1e400]", "{\"n\": " + "9".repeat(400) + "}",
                "{\"n\": " + "1".repeat(250) + ".5e99}"};
        for (String body : bodies) {
            for (HttpResponse<String> response : java.util.List.of(
                    warden.post("/hooks/in", body, "x-api-key", ADMIN_KEY, "Content-Type", "application/json"),
                    warden.post("/api/v1/rules/probe/runs", body, "x-api-key", ADMIN_KEY))) {
                assertThat(response.statusCode()).as(body + ": " + response.body()).isEqualTo(400);
                assertThat(json(response).get("error").get("code").asText()).isEqualTo("NUMBER_OUT_OF_RANGE");
                assertThat(message(response)).contains("line 1, column").contains("send it as a string");
            }
        }
        assertThat(message(warden.post("/hooks/in", "{\"n\": 1e400}", "x-api-key", ADMIN_KEY)))
                .contains("line 1, column 7").contains("the number 1e400");
        for (String literal : new String[] {"NaN", "Infinity", "-Infinity"}) {
            HttpResponse<String> response = warden.post("/hooks/in", "{\"n\": " + literal + "}", "x-api-key",
                    ADMIN_KEY, "Content-Type", "application/json");
            assertThat(response.statusCode()).as(literal).isEqualTo(400);
            assertThat(json(response).get("error").get("code").asText()).isEqualTo("MALFORMED_JSON");
        }
        assertThat(warden.warden().runs().count()).isEqualTo(before);
    }

    @Test
    void numbersInRangeReachTheRuleAsJavaScriptReadsThemAndTheStoredInputKeepsEveryDigit() {
        String digits = "1234567890".repeat(4);
        HttpResponse<String> big = warden.post("/hooks/in?wait=10s", "{\"n\": " + digits + "}", "x-api-key",
                ADMIN_KEY, "Content-Type", "application/json");
        assertThat(big.statusCode()).as(big.body()).isEqualTo(200);
        assertThat(json(big).get("n").asDouble()).isEqualTo(Double.parseDouble(digits));
        String id = json(warden.get("/api/v1/runs?rule=probe&limit=1", "x-api-key", ADMIN_KEY)).get("runs").get(0)
                .get("id").asText();
        assertThat(warden.get("/api/v1/runs/" + id, "x-api-key", ADMIN_KEY).body()).contains(digits);
        HttpResponse<String> largest = warden.post("/api/v1/rules/probe/runs?wait=10s", "{\"n\": 1.7e308}",
                "x-api-key", ADMIN_KEY);
        assertThat(json(largest).get("result").get("n").asDouble()).isEqualTo(1.7e308);
        HttpResponse<String> tiny = warden.post("/api/v1/rules/probe/runs?wait=10s", "{\"n\": 1e-400}",
                "x-api-key", ADMIN_KEY);
        assertThat(json(tiny).get("result").get("type").asText()).as("rounded to 0, as JSON.parse does")
                .isEqualTo("number");
    }

    @Test
    void aRunsQueryParameterGivenTwiceWithTwoValuesIs400NamingItNotTheFirstValueApplied() {
        HttpResponse<String> twice = warden.get("/api/v1/runs?status=FAILED&status=SUCCEEDED", "x-api-key",
                ADMIN_KEY);
        assertThat(twice.statusCode()).as(twice.body()).isEqualTo(400);
        assertThat(message(twice)).contains("'status'").contains("'FAILED', 'SUCCEEDED'");
        for (String query : new String[] {"rule=probe&rule=alpha", "limit=5&limit=500",
                "before=01JF0000000000000000000000&before=01JF0000000000000000000001"}) {
            HttpResponse<String> response = warden.get("/api/v1/runs?" + query, "x-api-key", ADMIN_KEY);
            assertThat(response.statusCode()).as(query).isEqualTo(400);
            assertThat(message(response)).contains("given 2 different values");
        }
        assertThat(warden.get("/api/v1/runs?limit=5&limit=5", "x-api-key", ADMIN_KEY).statusCode())
                .as("the same value twice says one thing").isEqualTo(200);
        HttpResponse<String> status = warden.get("/api/v1/runs?status=DONE", "x-api-key", ADMIN_KEY);
        assertThat(status.statusCode()).isEqualTo(400);
        assertThat(message(status)).contains("'DONE' is not one of").contains("SUCCEEDED");
        HttpResponse<String> cursor = warden.get("/api/v1/runs?before=not-a-cursor", "x-api-key", ADMIN_KEY);
        assertThat(cursor.statusCode()).isEqualTo(400);
        assertThat(message(cursor)).contains("'not-a-cursor'");
    }

    @Test
    void aKeyRequestNamingAFieldTwiceIs400NamingItRatherThanTheLastOneWinning() {
        long before = json(warden.admin("GET", "/api/v1/keys", null)).get("keys").size();
        HttpResponse<String> twice = warden.admin("POST", "/api/v1/keys", "{\"name\":\"merged\",\"scopes\":"
                + "[\"rules:read\"],\"rules\":[\"probe\"],\"rules\":[]}");
        assertThat(twice.statusCode()).as(twice.body()).isEqualTo(400);
        assertThat(message(twice)).contains("'rules'").contains("line 1, column");
        assertThat(json(warden.admin("GET", "/api/v1/keys", null)).get("keys").size()).isEqualTo(before);
    }

    @Test
    void aRunIdInLowerCaseNamesTheSameRunAsItDoesInACursor() {
        String id = json(warden.admin("POST", "/api/v1/rules/alpha/runs?wait=10s", "{}")).get("id").asText();
        String lower = id.toLowerCase(java.util.Locale.ROOT);
        for (String path : new String[] {"/api/v1/runs/" + lower, "/api/v1/runs/" + lower + "/logs"}) {
            HttpResponse<String> response = warden.get(path, "x-api-key", ADMIN_KEY);
            assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
            assertThat(json(response).get("id").asText()).isEqualTo(id);
        }
        HttpResponse<String> cancel = warden.post("/api/v1/runs/" + lower + "/cancel", null, "x-api-key", ADMIN_KEY);
        assertThat(cancel.statusCode()).as("found, and already ended").isEqualTo(409);
        HttpResponse<String> replay = warden.post("/api/v1/rules/alpha/runs?replay=" + lower, null, "x-api-key",
                ADMIN_KEY);
        assertThat(replay.statusCode()).as(replay.body()).isEqualTo(202);
    }

    @Test
    void aWebhookRequestByAPercentEncodedNameIsCountedUnderTheHookItRan() {
        HttpResponse<String> encoded = warden.post("/hooks/%69n", "{}", "x-api-key", ADMIN_KEY);
        assertThat(encoded.statusCode()).as(encoded.body()).isEqualTo(202);
        String metrics = warden.get("/metrics", "x-api-key", ADMIN_KEY).body();
        assertThat(metrics).contains("warden_webhook_requests_total{hook=\"in\",status=\"202\"}")
                .doesNotContain("hook=\"unknown\",status=\"202\"");
    }
}
