package dev.warden.http;

import static dev.warden.testing.TestWarden.ADMIN_KEY;
import static dev.warden.testing.TestWarden.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.warden.runs.Run;
import dev.warden.runs.RunStatus;
import dev.warden.testing.TestWarden;

/** Idempotency-Key (or X-Request-Id): a retry within 24 h gets the original runs, never a second run. */
class IdempotencyTest {

    @TempDir
    Path dir;
    TestWarden warden;

    @BeforeEach
    void start() {
        warden = TestWarden.in(dir).rule("hooks.js", """
                import { rule, webhook, manual } from 'warden';
                export const a = rule({ id: 'tally', triggers: [webhook('order'), webhook('refund')],
                  run: ({ event }) => ({ order: event.body.order }) });
                export const b = rule({ id: 'by-hand', triggers: [manual()],
                  run: ({ event }) => ({ order: event.body.order }) });
                """).start();
    }

    @AfterEach
    void stop() {
        warden.close();
    }

    private HttpResponse<String> send(String path, String body, String header, String key) {
        return warden.post(path, body, "x-api-key", ADMIN_KEY, "Content-Type", "application/json", header, key);
    }

    private static List<String> ids(HttpResponse<String> response) {
        return json(response).get("runs").findValuesAsText("id");
    }

    @Test
    void retryWithTheSameKeyReturnsTheOriginalRunsAndStartsNoSecondRun() {
        HttpResponse<String> first = send("/hooks/order", "{\"order\":1}", "Idempotency-Key", "order-1");
        long count = warden.warden().runs().count();
        HttpResponse<String> retry = send("/hooks/order", "{\"order\":1}", "Idempotency-Key", "order-1");
        assertThat(retry.statusCode()).isEqualTo(202);
        assertThat(ids(retry)).isEqualTo(ids(first));
        assertThat(retry.headers().firstValue("Idempotent-Replayed")).contains("true");
        assertThat(first.headers().firstValue("Idempotent-Replayed")).isEmpty();
        assertThat(warden.warden().runs().count()).isEqualTo(count);
    }

    @Test
    void twoDifferentIdempotencyKeysInOneRequestAre400AndStartNothing() {
        long count = warden.warden().runs().count();
        for (String header : List.of("Idempotency-Key", "X-Request-Id")) {
            HttpResponse<String> hook = warden.post("/hooks/order", "{\"order\":3}", "x-api-key", ADMIN_KEY,
                    "Content-Type", "application/json", header, "order-3a", header, "order-3b");
            assertThat(hook.statusCode()).as(header + " " + hook.body()).isEqualTo(400);
            assertThat(json(hook).get("error").get("message").asText()).contains("2 different " + header)
                    .contains("send one");
            HttpResponse<String> byHand = warden.post("/api/v1/rules/by-hand/runs", "{\"order\":3}", "x-api-key",
                    ADMIN_KEY, "Content-Type", "application/json", header, "order-3a", header, "order-3b");
            assertThat(byHand.statusCode()).as(header + " " + byHand.body()).isEqualTo(400);
        }
        assertThat(warden.warden().runs().count()).isEqualTo(count);
        HttpResponse<String> same = warden.post("/hooks/order", "{\"order\":3}", "x-api-key", ADMIN_KEY,
                "Content-Type", "application/json", "Idempotency-Key", "order-3", "Idempotency-Key", "order-3");
        assertThat(same.statusCode()).as("the same key twice is one key").isEqualTo(202);
    }

    @Test
    void retryAfterTheRunEndedShowsItEndedNotAsItWasAccepted() throws Exception {
        CompletableFuture<Run> ended = new CompletableFuture<>();
        warden.warden().runs().onFinish(ended::complete);
        HttpResponse<String> first = send("/hooks/order", "{\"order\":7}", "Idempotency-Key", "order-7");
        assertThat(json(first).get("runs").get(0).get("status").asText()).isEqualTo("QUEUED");
        assertThat(ended.get(10, TimeUnit.SECONDS).status()).isEqualTo(RunStatus.SUCCEEDED);
        HttpResponse<String> retry = send("/hooks/order", "{\"order\":7}", "Idempotency-Key", "order-7");
        assertThat(ids(retry)).isEqualTo(ids(first));
        assertThat(json(retry).get("runs").get(0).get("status").asText()).isEqualTo("SUCCEEDED");
    }

    @Test
    void runNowWithAnIdempotencyKeyStartsOneRunAndARetryGetsIt() {
        long before = warden.warden().runs().count();
        HttpResponse<String> first = send("/api/v1/rules/by-hand/runs", "{\"order\":8}", "Idempotency-Key", "m-1");
        HttpResponse<String> retry = send("/api/v1/rules/by-hand/runs?wait=10s", "{\"order\":8}", "Idempotency-Key",
                "m-1");
        assertThat(first.statusCode()).isEqualTo(202);
        assertThat(json(retry).get("id").asText()).isEqualTo(json(first).get("id").asText());
        assertThat(json(retry).get("result").get("order").asInt()).isEqualTo(8);
        assertThat(retry.headers().firstValue("Idempotent-Replayed")).contains("true");
        assertThat(send("/api/v1/rules/by-hand/runs", "{\"order\":9}", "Idempotency-Key", "m-1").statusCode())
                .as("the same key with another input").isEqualTo(422);
        assertThat(warden.warden().runs().count()).isEqualTo(before + 1);
        HttpResponse<String> webhook = send("/hooks/order", "{\"order\":8}", "Idempotency-Key", "m-1");
        assertThat(ids(webhook)).as("a webhook's keys are apart from run now's").doesNotContain(json(first).get("id")
                .asText());
    }

    @Test
    void theSameKeyWithAnotherBodyIs422AndStartsNothing() {
        HttpResponse<String> first = send("/hooks/order", "{\"order\":10}", "Idempotency-Key", "order-10");
        long count = warden.warden().runs().count();
        HttpResponse<String> other = send("/hooks/order", "{\"order\":11}", "Idempotency-Key", "order-10");
        assertThat(other.statusCode()).isEqualTo(422);
        assertThat(json(other).get("error").get("code").asText()).isEqualTo("IDEMPOTENCY_KEY_REUSED");
        assertThat(json(other).get("error").get("message").asText()).contains("order-10")
                .contains(json(first).get("runs").get(0).get("id").asText());
        assertThat(warden.warden().runs().count()).isEqualTo(count);
        assertThat(send("/hooks/order", "{\"order\":10}", "Idempotency-Key", "order-10").statusCode())
                .as("the true retry still gets its runs").isEqualTo(202);
    }

    @Test
    void concurrentRequestsWithOneKeyAndTwoBodiesStartOneRunAndRefuseTheOther() throws Exception {
        long before = warden.warden().runs().count();
        Set<Integer> statuses = new HashSet<>();
        for (HttpResponse<String> answer : atOnce(16, i -> "{\"order\":" + (i % 2 == 0 ? 12 : 13) + "}", "order-12")) {
            statuses.add(answer.statusCode());
        }
        assertThat(statuses).containsExactlyInAnyOrder(202, 422);
        assertThat(warden.warden().runs().count()).isEqualTo(before + 1);
    }

    @Test
    void xRequestIdWorksLikeAnIdempotencyKey() {
        HttpResponse<String> first = send("/hooks/order", "{\"order\":2}", "X-Request-Id", "req-2");
        HttpResponse<String> retry = send("/hooks/order", "{\"order\":2}", "X-Request-Id", "req-2");
        assertThat(ids(retry)).isEqualTo(ids(first));
    }

    @Test
    void concurrentDuplicatesStartExactlyOneRun() throws Exception {
        long before = warden.warden().runs().count();
        Set<List<String>> distinct = new HashSet<>();
        for (HttpResponse<String> answer : atOnce(24, i -> "{\"order\":3}", "order-3")) {
            assertThat(answer.statusCode()).isEqualTo(202);
            distinct.add(ids(answer));
        }
        assertThat(distinct).hasSize(1);
        assertThat(warden.warden().runs().count()).isEqualTo(before + 1);
    }

    /** {@code n} requests to /hooks/order with one idempotency key, sent together; their answers in order. */
    private List<HttpResponse<String>> atOnce(int n, java.util.function.IntFunction<String> body, String key)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n / 2);
        try {
            List<Future<HttpResponse<String>>> sent = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                String text = body.apply(i);
                sent.add(pool.submit(() -> send("/hooks/order", text, "Idempotency-Key", key)));
            }
            List<HttpResponse<String>> answers = new ArrayList<>();
            for (Future<HttpResponse<String>> answer : sent) {
                answers.add(answer.get());
            }
            return answers;
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void sameKeyOnAnotherHookIsAnotherRequest() {
        HttpResponse<String> order = send("/hooks/order", "{\"order\":4}", "Idempotency-Key", "shared");
        HttpResponse<String> refund = send("/hooks/refund", "{\"order\":4}", "Idempotency-Key", "shared");
        assertThat(ids(refund)).isNotEqualTo(ids(order));
    }

    @Test
    void retryInWaitModeGetsTheOriginalResult() {
        send("/hooks/order", "{\"order\":5}", "Idempotency-Key", "order-5");
        HttpResponse<String> retry = send("/hooks/order?wait=10s", "{\"order\":5}", "Idempotency-Key", "order-5");
        assertThat(retry.statusCode()).isEqualTo(200);
        assertThat(json(retry).get("order").asInt()).isEqualTo(5);
        assertThat(retry.headers().firstValue("Idempotent-Replayed")).contains("true");
    }

    @Test
    void keySurvivesARestart() {
        HttpResponse<String> first = send("/hooks/order", "{\"order\":6}", "Idempotency-Key", "order-6");
        warden.restart();
        HttpResponse<String> retry = send("/hooks/order", "{\"order\":6}", "Idempotency-Key", "order-6");
        assertThat(ids(retry)).isEqualTo(ids(first));
    }

    @Test
    void overlongKeyIs400() {
        HttpResponse<String> response = send("/hooks/order", "{}", "Idempotency-Key", "k".repeat(300));
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).get("error").get("message").asText()).contains("Idempotency-Key");
    }
}
