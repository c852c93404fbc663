package dev.warden.http;

import static dev.warden.testing.TestWarden.ADMIN_KEY;
import static dev.warden.testing.TestWarden.json;
import static java.nio.file.Files.readString;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import dev.warden.runs.Run;
import dev.warden.runs.RunStatus;
import dev.warden.testing.RawHttp;
import dev.warden.testing.TestWarden;

/** POST /hooks/{name}: which rules start, what they receive, and every refusal before a run exists. */
class WebhookTriggerTest {

    @TempDir
    Path dir;
    TestWarden warden;

    @BeforeEach
    void start() {
        warden = TestWarden.in(dir)
                .rule("echo.js", """
                        import { rule, webhook } from 'warden';
                        export const echo = rule({ id: 'echo', triggers: [webhook('page-created')],
                          run: ({ event }) => ({ body: event.body, type: event.type, name: event.name,
                                                 headers: event.headers, query: event.query ?? null }) });
                        export const count = rule({ id: 'count', triggers: [webhook('page-created')],
                          run: ({ event }) => ({ keys: Object.keys(event.body ?? {}).length }) });
                        export const other = rule({ id: 'other', triggers: [webhook('Page-Updated')], run: () => 1 });
                        """)
                .yaml("""
                        webhooks:
                          configured-only:
                            auth: key
                          small:
                            maxBody: 16B
                        """)
                .disable("other")
                .start();
    }

    @AfterEach
    void stop() {
        warden.close();
    }

    private HttpResponse<String> hook(String name, String body, String contentType) {
        return warden.post("/hooks/" + name, body, "x-api-key", ADMIN_KEY, "Content-Type", contentType);
    }

    @Test
    void jsonBodyStartsEveryEnabledRuleAndAnswers202WithRunsPersistedBeforeTheAnswer() throws IOException {
        HttpResponse<String> response = hook("page-created?source=automation", "{\"pageId\":\"42\"}",
                "application/json");
        assertThat(response.statusCode()).isEqualTo(202);
        JsonNode runs = json(response).get("runs");
        assertThat(runs).hasSize(2);
        List<String> ids = new ArrayList<>();
        runs.forEach(r -> ids.add(r.get("id").asText()));
        assertThat(runs.findValuesAsText("rule")).containsExactlyInAnyOrder("echo", "count");
        assertThat(runs.get(0).get("url").asText()).isEqualTo("/api/v1/runs/" + ids.getFirst());
        assertThat(response.headers().firstValue("Location")).contains("/api/v1/runs/" + ids.getFirst());
        assertThat(response.headers().firstValue("X-Warden-Run-Id")).contains(String.join(",", ids));
        String journal = readString(warden.dir().resolve("data/run-journal.log"));
        for (String id : ids) {
            assertThat(journal).as("journaled before the answer").contains("\"id\":\"" + id + "\"");
            assertThat(warden.warden().runs().get(id)).as("then stored").isPresent();
        }
        JsonNode echo = json(warden.admin("GET", "/api/v1/runs/" + ids.get(runs.findValuesAsText("rule")
                .indexOf("echo")), null));
        echo = warden.awaitRun(echo.get("id").asText());
        assertThat(echo.get("status").asText()).isEqualTo("SUCCEEDED");
        JsonNode result = echo.get("result");
        assertThat(result.get("body").get("pageId").asText()).isEqualTo("42");
        assertThat(result.get("type").asText()).isEqualTo("webhook");
        assertThat(result.get("name").asText()).isEqualTo("page-created");
        assertThat(result.get("query").get("source").asText()).isEqualTo("automation");
        assertThat(result.get("headers").get("content-type").asText()).isEqualTo("application/json");
        assertThat(result.get("headers").has("x-api-key")).as("credentials are not handed to rules").isFalse();
        assertThat(echo.get("input").get("pageId").asText()).isEqualTo("42");
    }

    @Test
    void aBodyOver64KiBIsStoredWholeAsTheRunsInput() {
        String big = "{\"blob\":\"" + "x".repeat(200_000) + "\"}";
        HttpResponse<String> response = hook("page-created", big, "application/json");
        assertThat(response.statusCode()).isEqualTo(202);
        for (JsonNode r : json(response).get("runs")) {
            JsonNode run = warden.awaitRun(r.get("id").asText());
            assertThat(run.get("input").get("blob").asText()).hasSize(200_000);
        }
    }

    @Test
    void formFieldsBecomeAnObjectAndTextBecomesAString() {
        HttpResponse<String> form = hook("page-created?wait=10s", "title=Hello+World&label=a&label=b",
                "application/x-www-form-urlencoded");
        assertThat(form.statusCode()).as("two rules ran: both results").isEqualTo(200);
        JsonNode runs = json(form).get("runs");
        JsonNode body = runs.get(runs.findValuesAsText("rule").indexOf("echo")).get("result").get("body");
        assertThat(body.get("title").asText()).isEqualTo("Hello World");
        assertThat(body.get("label")).hasSize(2);

        HttpResponse<String> text = hook("page-created", "just words", "text/plain");
        assertThat(text.statusCode()).isEqualTo(202);
        JsonNode first = warden.awaitRun(json(text).get("runs").get(0).get("id").asText());
        JsonNode second = warden.awaitRun(json(text).get("runs").get(1).get("id").asText());
        JsonNode echoed = first.get("rule").asText().equals("echo") ? first : second;
        assertThat(echoed.get("result").get("body").asText()).isEqualTo("just words");
    }

    private HttpResponse<String> hookBytes(String target, byte[] body, String contentType) {
        return warden.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(warden.url("/hooks/" + target)))
                .header("x-api-key", ADMIN_KEY).header("Content-Type", contentType)
                .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(body)).build());
    }

    @Test
    void aBodyIsReadInTheCharsetItNamesAndBytesThatAreNotUtf8Are400NotReplaced() {
        long before = warden.warden().runs().count();
        byte[] latin1 = "{\"name\":\"Zo\u00eb\"}".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        HttpResponse<String> unnamed = hookBytes("page-created", latin1, "application/json");
        assertThat(unnamed.statusCode()).isEqualTo(400);
        assertThat(json(unnamed).get("error").get("code").asText()).isEqualTo("MALFORMED_BODY");
        assertThat(json(unnamed).get("error").get("message").asText()).contains("byte 12");
        assertThat(hookBytes("page-created", latin1, "application/json; charset=klingon").statusCode())
                .isEqualTo(415);
        assertThat(warden.warden().runs().count()).as("nothing started").isEqualTo(before);

        HttpResponse<String> named = hookBytes("page-created?wait=10s", latin1, "application/json; charset=ISO-8859-1");
        assertThat(named.statusCode()).as(named.body()).isEqualTo(200);
        JsonNode runs = json(named).get("runs");
        JsonNode body = runs.get(runs.findValuesAsText("rule").indexOf("echo")).get("result").get("body");
        assertThat(body.get("name").asText()).isEqualTo("Zo\u00eb");

        byte[] withBom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, '{', '"', 'a', '"', ':', '1', '}'};
        assertThat(hookBytes("page-created", withBom, "application/json").statusCode()).as("a UTF-8 BOM is skipped")
                .isEqualTo(202);
    }

    @Test
    void malformedJsonIs400NamingLineAndColumnAndStartsNothing() {
        long before = warden.warden().runs().count();
        HttpResponse<String> response = hook("page-created", "{\n  \"pageId\": 42,\n  oops\n}", "application/json");
        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode error = json(response).get("error");
        assertThat(error.get("code").asText()).isEqualTo("MALFORMED_JSON");
        assertThat(error.get("message").asText()).contains("line 3, column");
        HttpResponse<String> twoValues = hook("page-created", "{\"a\":1} {\"b\":2}", "application/json");
        assertThat(twoValues.statusCode()).isEqualTo(400);
        assertThat(json(twoValues).get("error").get("message").asText()).contains("more than one JSON value");
        assertThat(warden.warden().runs().count()).isEqualTo(before);
    }

    @Test
    void badPercentEscapeInAFormIs400NamingTheFieldAndStartsNothing() {
        long before = warden.warden().runs().count();
        HttpResponse<String> response = hook("page-created", "title=ok&pageId=%zz", "application/x-www-form-urlencoded");
        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode error = json(response).get("error");
        assertThat(error.get("code").asText()).isEqualTo("MALFORMED_FORM");
        assertThat(error.get("message").asText()).contains("'pageId'").contains("%zz").contains("character 17")
                .doesNotContain("Exception").doesNotContain("URLDecoder");
        HttpResponse<String> badName = hook("page-created", "a%2=1", "application/x-www-form-urlencoded");
        assertThat(badName.statusCode()).isEqualTo(400);
        assertThat(json(badName).get("error").get("message").asText()).contains("field name").contains("character 2");
        assertThat(warden.warden().runs().count()).isEqualTo(before);
    }

    @Test
    void badPercentEscapeInTheQueryIs400NamingTheParameterAndStartsNothing() {
        long before = warden.warden().runs().count();
        RawHttp.Response response = warden.raw("POST", "/hooks/page-created?source=%zz&wait=10s", "{}",
                "x-api-key", ADMIN_KEY, "Content-Type", "application/json");
        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.json().get("error").get("message").asText()).contains("'source'").contains("%zz");
        assertThat(warden.warden().runs().count()).isEqualTo(before);
    }

    @Test
    void bodyOverTheHookLimitIs413WithOrWithoutContentLength() {
        HttpResponse<String> declared = warden.post("/hooks/small", "{\"text\":\"" + "x".repeat(64) + "\"}",
                "x-api-key", ADMIN_KEY, "Content-Type", "application/json");
        assertThat(declared.statusCode()).isEqualTo(413);
        assertThat(json(declared).get("error").get("code").asText()).isEqualTo("TOO_LARGE");

        byte[] big = ("{\"text\":\"" + "x".repeat(1024 * 1024) + "\"}").getBytes();
        HttpResponse<String> streamed = warden.send(HttpRequest.newBuilder(URI.create(warden.url("/hooks/page-created")))
                .header("x-api-key", ADMIN_KEY).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big))).build());
        assertThat(streamed.statusCode()).as("chunked, no Content-Length").isEqualTo(413);
        assertThat(json(streamed).get("error").get("message").asText()).contains("1048576 bytes");
    }

    @Test
    void anOversizeBodyWithoutAValidKeyGets401AndNotTheSizeLimit() {
        String body = "{\"text\":\"" + "x".repeat(64) + "\"}";
        HttpResponse<String> none = warden.post("/hooks/small", body, "Content-Type", "application/json");
        assertThat(none.statusCode()).as(none.body()).isEqualTo(401);
        assertThat(json(none).get("error").get("code").asText()).isEqualTo("KEY_MISSING");
        HttpResponse<String> wrong = warden.post("/hooks/small", body, "x-api-key", "wdn_not-a-key-at-all",
                "Content-Type", "application/json");
        assertThat(wrong.statusCode()).as(wrong.body()).isEqualTo(401);
        assertThat(none.body() + wrong.body()).doesNotContain("TOO_LARGE").doesNotContain("bytes");
    }

    @Test
    void multipartBodyIs415() {
        HttpResponse<String> response = hook("page-created", "--x\r\nContent-Disposition: form-data; name=a\r\n\r\n1"
                + "\r\n--x--\r\n", "multipart/form-data; boundary=x");
        assertThat(response.statusCode()).isEqualTo(415);
        assertThat(json(response).get("error").get("code").asText()).isEqualTo("UNSUPPORTED_MEDIA_TYPE");
    }

    @Test
    void compressedBodyIs415NamingTheEncodingAndStartsNothing() {
        long before = warden.warden().runs().count();
        HttpResponse<String> response = warden.post("/hooks/page-created", "{\"pageId\":\"42\"}", "x-api-key",
                ADMIN_KEY, "Content-Type", "application/json", "Content-Encoding", "gzip");
        assertThat(response.statusCode()).isEqualTo(415);
        assertThat(json(response).get("error").get("message").asText()).contains("Content-Encoding 'gzip'");
        assertThat(warden.warden().runs().count()).isEqualTo(before);
    }

    @Test
    void jsonSentAsAFormByCurlIsReadAsJson() {
        HttpResponse<String> response = hook("page-created?wait=10s", "{\"pageId\":\"9\"}",
                "application/x-www-form-urlencoded");
        JsonNode runs = json(response).get("runs");
        JsonNode body = runs.get(runs.findValuesAsText("rule").indexOf("echo")).get("result").get("body");
        assertThat(body.get("pageId").asText()).isEqualTo("9");
    }

    @Test
    void unknownHookIs404WithACaseHintAndNothingStored() {
        long before = warden.warden().runs().count();
        HttpResponse<String> response = hook("page-updated", "{}", "application/json");
        assertThat(response.statusCode()).isEqualTo(404);
        JsonNode error = json(response).get("error");
        assertThat(error.get("code").asText()).isEqualTo("UNKNOWN_HOOK");
        assertThat(error.get("message").asText()).contains("did you mean /hooks/Page-Updated?");
        HttpResponse<String> nothingLike = hook("nothing-like-it", "{}", "application/json");
        assertThat(json(nothingLike).get("error").get("message").asText()).doesNotContain("did you mean")
                .doesNotContain("page-created");
        assertThat(warden.warden().runs().count()).isEqualTo(before);
    }

    @Test
    void hookWhoseRulesAreAllDisabledIs404SayingSo() {
        HttpResponse<String> response = hook("Page-Updated", "{}", "application/json");
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(json(response).get("error").get("code").asText()).isEqualTo("HOOK_HAS_NO_ENABLED_RULE");
        assertThat(json(response).get("error").get("message").asText()).contains("disabled")
                .contains("POST /api/v1/rules/other/enable");
    }

    @Test
    void configuredHookWithoutARuleIs404SayingSo() {
        HttpResponse<String> response = hook("configured-only", "{}", "application/json");
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(json(response).get("error").get("code").asText()).isEqualTo("HOOK_HAS_NO_RULE");
    }

    @Test
    void healthSelfTestComparesHooksBoundToRulesWithConfiguredOnes() {
        JsonNode anonymous = json(warden.get("/health")).get("webhooks");
        assertThat(anonymous.get("bound").asInt()).isEqualTo(1);
        assertThat(anonymous.get("configured").asInt()).isEqualTo(2);
        assertThat(anonymous.get("problems").asInt()).isEqualTo(3);
        assertThat(anonymous.has("hooks")).as("names only for a key with rules:read").isFalse();

        JsonNode hooks = json(warden.get("/health", "x-api-key", ADMIN_KEY)).get("webhooks").get("hooks");
        assertThat(hooks.findValuesAsText("name")).containsExactly("Page-Updated", "configured-only",
                "page-created", "small");
        JsonNode pageCreated = hooks.get(2);
        assertThat(pageCreated.get("rules")).hasSize(2);
        assertThat(pageCreated.get("problems")).isEmpty();
        assertThat(hooks.get(1).get("problems").get(0).asText()).contains("no loaded rule declares");

        String limited = warden.createKey("{\"name\":\"other-only\",\"scopes\":[\"rules:read\"],"
                + "\"rules\":[\"other\"]}");
        assertThat(json(warden.get("/health", "x-api-key", limited)).get("webhooks").get("hooks")
                .findValuesAsText("name")).as("only hooks whose rules are all the key's").containsExactly("Page-Updated");
        HttpResponse<String> stale = warden.get("/health", "x-api-key", "wdn_stale000_" + "s".repeat(32));
        assertThat(stale.statusCode()).as("a stale key is refused, not ignored").isEqualTo(401);
    }

    @Test
    void runsOfAHookRequestFinishAsRecorded() {
        HttpResponse<String> response = hook("page-created", "{\"a\":1,\"b\":2}", "application/json");
        for (JsonNode r : json(response).get("runs")) {
            Run run = warden.warden().runs().completion(r.get("id").asText()).join();
            assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
            assertThat(warden.warden().runs().get(run.id()).orElseThrow().status())
                    .isEqualTo(RunStatus.SUCCEEDED);
        }
    }

    @Test
    void anAsyncRunIsStoredWhenItEndsWithoutWaitingForAReader() {
        // The first request warms the rules' contexts, so that the measured runs end within milliseconds; then
        // nothing is left in the writer to be written together with them.
        hook("page-created", "{}", "application/json");
        awaitStored(5_000_000_000L);
        long sent = System.nanoTime();
        assertThat(hook("page-created", "{\"a\":1}", "application/json").statusCode()).isEqualTo(202);
        awaitStored(2_000_000_000L);
        // Nobody reads these runs, yet each is committed (one row: insert, start and end) once it ends. Before,
        // ends nobody waited for were held like inserts, for 200 ms, to be written with others.
        assertThat(warden.warden().runs().storePending()).isZero();
        assertThat((System.nanoTime() - sent) / 1_000_000).as("ms until stored").isLessThan(200);
    }

    /** Waits, without reading through the run service (a read would make the writer write what it holds). */
    private void awaitStored(long nanos) {
        long start = System.nanoTime();
        while (warden.warden().runs().storePending() > 0 && System.nanoTime() - start < nanos) {
            TestWarden.sleep(1);
        }
    }
}
