package dev.warden.http;

import static dev.warden.testing.TestWarden.ADMIN_KEY;
import static dev.warden.testing.TestWarden.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.warden.testing.RawHttp;
import dev.warden.testing.TestWarden;
import dev.warden.webhooks.SignatureVerifier;

/** Hooks for senders that sign: HMAC-SHA256 over timestamp and body, a 5-minute window, each signature once. */
class WebhookSignatureTest {

    static final String SECRET = "whsec-test-0123456789";

    @TempDir
    static Path dir;
    static TestWarden warden;

    @BeforeAll
    static void start() {
        warden = TestWarden.in(dir).rule("hooks.js", """
                import { rule, webhook } from 'warden';
                export const a = rule({ id: 'signed', triggers: [webhook('github'), webhook('both'),
                  webhook('either')], run: ({ event }) => event.body });
                """).yaml("""
                webhooks:
                  github:
                    auth: signature
                  both:
                    auth: key-and-signature
                  either:
                    auth: key-or-signature
                """)
                .env("WARDEN_WEBHOOK_GITHUB_SECRET", SECRET)
                .env("WARDEN_WEBHOOK_BOTH_SECRET", SECRET)
                .env("WARDEN_WEBHOOK_EITHER_SECRET", SECRET)
                .env("WARDEN_AUTH_FAILURES_PER_MINUTE", "1000").start();
    }

    @AfterAll
    static void stop() {
        warden.close();
    }

    private static HttpResponse<String> signed(String hook, String body, long timestamp, String... extra) {
        String signature = SignatureVerifier.sign(SECRET, timestamp, body.getBytes(StandardCharsets.UTF_8));
        String[] headers = new String[6 + extra.length];
        headers[0] = "Content-Type";
        headers[1] = "application/json";
        headers[2] = "X-Warden-Timestamp";
        headers[3] = Long.toString(timestamp);
        headers[4] = "X-Warden-Signature";
        headers[5] = signature;
        System.arraycopy(extra, 0, headers, 6, extra.length);
        return warden.post("/hooks/" + hook, body, headers);
    }

    private static long now() {
        return System.currentTimeMillis() / 1000;
    }

    @Test
    void correctlySignedRequestIsAcceptedWithoutAKey() {
        HttpResponse<String> response = signed("github?wait=10s", "{\"ref\":\"main\"}", now());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response).get("ref").asText()).isEqualTo("main");
    }

    @Test
    void missingOrWrongSignatureIs401() {
        HttpResponse<String> missing = warden.post("/hooks/github", "{}", "Content-Type", "application/json");
        assertThat(missing.statusCode()).isEqualTo(401);
        assertThat(json(missing).get("error").get("code").asText()).isEqualTo("SIGNATURE_MISSING");
        HttpResponse<String> wrong = warden.post("/hooks/github", "{\"ref\":\"main\"}", "X-Warden-Timestamp",
                Long.toString(now()), "X-Warden-Signature", SignatureVerifier.sign("other-secret", now(),
                        "{\"ref\":\"main\"}".getBytes(StandardCharsets.UTF_8)));
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(json(wrong).get("error").get("code").asText()).isEqualTo("SIGNATURE_INVALID");
    }

    @Test
    void aSignatureHeaderSentTwiceWithTwoValuesIsRefusedWhicheverComesFirst() {
        long ts = now();
        String body = "{\"ref\":\"twice\"}";
        String wrong = SignatureVerifier.sign("other-secret", ts, body.getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> twice = signed("github", body, ts, "X-Warden-Signature", wrong);
        assertThat(twice.statusCode()).as(twice.body()).isEqualTo(401);
        assertThat(json(twice).get("error").get("code").asText()).isEqualTo("SIGNATURE_INVALID");
        assertThat(json(twice).get("error").get("message").asText()).contains("X-Warden-Signature").contains("send one");
        HttpResponse<String> timestamps = signed("github", body, ts, "X-Warden-Timestamp", Long.toString(ts - 1));
        assertThat(json(timestamps).get("error").get("code").asText()).isEqualTo("SIGNATURE_INVALID");
        assertThat(signed("github", body, ts).statusCode()).as("signed once, it is accepted").isEqualTo(202);
    }

    @Test
    void tamperedBodyIs401() {
        long ts = now();
        String signature = SignatureVerifier.sign(SECRET, ts, "{\"amount\":1}".getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> response = warden.post("/hooks/github", "{\"amount\":1000}", "X-Warden-Timestamp",
                Long.toString(ts), "X-Warden-Signature", signature);
        assertThat(json(response).get("error").get("code").asText()).isEqualTo("SIGNATURE_INVALID");
    }

    @Test
    void requestSignedOutsideTheFiveMinuteWindowIs401() {
        HttpResponse<String> response = signed("github", "{\"old\":true}", now() - 301);
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(json(response).get("error").get("code").asText()).isEqualTo("SIGNATURE_STALE");
        assertThat(json(response).get("error").get("message").asText()).contains("replayed request");
    }

    @Test
    void aTimestampInMillisecondsIsRefusedSayingSo() {
        HttpResponse<String> response = signed("github", "{\"ms\":true}", System.currentTimeMillis());
        assertThat(json(response).get("error").get("code").asText()).isEqualTo("SIGNATURE_STALE");
        assertThat(json(response).get("error").get("message").asText()).contains("milliseconds; send Unix seconds");
    }

    @Test
    void replayedSignatureIs401AndStartsNoSecondRun() {
        long ts = now();
        assertThat(signed("github", "{\"n\":1}", ts).statusCode()).isEqualTo(202);
        long before = warden.warden().runs().count();
        HttpResponse<String> replay = signed("github", "{\"n\":1}", ts);
        assertThat(replay.statusCode()).isEqualTo(401);
        assertThat(json(replay).get("error").get("code").asText()).isEqualTo("SIGNATURE_REPLAYED");
        HttpResponse<String> withFreshKey = signed("github", "{\"n\":1}", ts, "Idempotency-Key", "fresh-key");
        assertThat(withFreshKey.statusCode()).as("a new idempotency key does not launder a replay").isEqualTo(401);
        assertThat(warden.warden().runs().count()).isEqualTo(before);
    }

    @Test
    void retryOfASignedRequestWithItsIdempotencyKeyGetsTheOriginalRuns() {
        long ts = now();
        HttpResponse<String> first = signed("github", "{\"n\":2}", ts, "Idempotency-Key", "delivery-2");
        HttpResponse<String> retry = signed("github", "{\"n\":2}", ts, "Idempotency-Key", "delivery-2");
        assertThat(retry.statusCode()).isEqualTo(202);
        assertThat(retry.headers().firstValue("Idempotent-Replayed")).contains("true");
        assertThat(json(retry).get("runs").findValuesAsText("id")).isEqualTo(json(first).get("runs")
                .findValuesAsText("id"));
    }

    @Test
    void aSignedRequestFromBeforeARestartIsRefusedAsAPossibleReplay() {
        long ts = now();
        assertThat(signed("github", "{\"n\":\"before restart\"}", ts).statusCode()).isEqualTo(202);
        // Timestamps are whole seconds: a signature from the second Warden started in is accepted, so restart after it.
        while (System.currentTimeMillis() < (ts + 1) * 1000) {
            TestWarden.sleep(20);
        }
        warden.restart();
        long before = warden.warden().runs().count();
        HttpResponse<String> replay = signed("github", "{\"n\":\"before restart\"}", ts);
        assertThat(replay.statusCode()).isEqualTo(401);
        assertThat(json(replay).get("error").get("code").asText()).isEqualTo("SIGNATURE_REPLAYED");
        assertThat(json(replay).get("error").get("message").asText()).contains("sign it again");
        assertThat(warden.warden().runs().count()).isEqualTo(before);
        assertThat(signed("github", "{\"n\":\"after restart\"}", now()).statusCode())
                .as("signed again after the restart").isEqualTo(202);
    }

    @Test
    void stalledBodiesOfASignatureOnlyHookHoldAFewThreadsAtMostAndEndIn408() throws Exception {
        long ts = now();
        // More stalled senders than Warden reads such bodies at once (one per core, at least two).
        int senderCount = Math.max(2, Runtime.getRuntime().availableProcessors()) + 4;
        ExecutorService senders = Executors.newFixedThreadPool(senderCount);
        try {
            List<Future<RawHttp.Response>> stalled = new ArrayList<>();
            for (int i = 0; i < senderCount; i++) {
                stalled.add(senders.submit(() -> RawHttp.sendShort(warden.port(), "/hooks/github", 1000, "{", false,
                        "Content-Type", "application/json", "X-Warden-Timestamp", Long.toString(ts),
                        "X-Warden-Signature", "sha256=00")));
            }
            Thread.sleep(1000);
            assertThat(warden.get("/health").statusCode()).as("health while bodies stall").isEqualTo(200);
            assertThat(warden.post("/hooks/either", "{\"keyed\":true}", "x-api-key", ADMIN_KEY, "Content-Type",
                    "application/json").statusCode()).as("a keyed hook while bodies stall").isEqualTo(202);
            List<Integer> statuses = new ArrayList<>();
            for (Future<RawHttp.Response> f : stalled) {
                RawHttp.Response answer = f.get(40, TimeUnit.SECONDS);
                statuses.add(answer.status());
                if (answer.status() == 408) {
                    assertThat(answer.json().get("error").get("code").asText()).isEqualTo("BODY_TIMEOUT");
                }
            }
            assertThat(statuses).as("each stalled body is timed out or turned away at once")
                    .allMatch(s -> s == 408 || s == 503).contains(408, 503);
        } finally {
            senders.shutdownNow();
        }
        HttpResponse<String> unsigned = warden.post("/hooks/github", "{}", "Content-Type", "application/json");
        assertThat(json(unsigned).get("error").get("code").asText())
                .as("a request without the signature headers is refused before its body is read")
                .isEqualTo("SIGNATURE_MISSING");
    }

    @Test
    void keyAndSignatureHookNeedsBoth() {
        assertThat(signed("both", "{}", now()).statusCode()).as("signature alone").isEqualTo(401);
        assertThat(warden.post("/hooks/both", "{}", "x-api-key", ADMIN_KEY).statusCode()).as("key alone")
                .isEqualTo(401);
        assertThat(signed("both", "{\"k\":1}", now(), "x-api-key", ADMIN_KEY).statusCode()).isEqualTo(202);
    }

    @Test
    void keyOrSignatureHookTakesEither() {
        assertThat(signed("either", "{\"s\":1}", now()).statusCode()).isEqualTo(202);
        assertThat(warden.post("/hooks/either", "{}", "x-api-key", ADMIN_KEY).statusCode()).isEqualTo(202);
        HttpResponse<String> neither = warden.post("/hooks/either", "{}");
        assertThat(neither.statusCode()).isEqualTo(401);
        assertThat(json(neither).get("error").get("message").asText()).contains("or sign the request");
    }
}
