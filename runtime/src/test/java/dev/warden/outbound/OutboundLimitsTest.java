package dev.warden.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.warden.engine.RunOutcome;
import dev.warden.runs.RunStatus;
import dev.warden.testing.MisbehavingReceiver;
import dev.warden.testing.MisbehavingReceiver.Body;
import dev.warden.testing.RuleBench;

/**
 * The host's outbound HTTP against a receiver that answers too much or too slowly: the rule gets a clear error it can
 * catch, in time, and the connection is let go.
 */
class OutboundLimitsTest {

    private static final String CATCH = "try { return confluence.page('1').length; } "
            + "catch (e) { return [e.code, e.message]; }";

    @TempDir
    Path dir;
    MisbehavingReceiver receiver;
    RuleBench bench;

    private RuleBench bench(MisbehavingReceiver receiver) {
        return bench(receiver, "2s");
    }

    private RuleBench bench(MisbehavingReceiver receiver, String requestTimeout) {
        this.receiver = receiver;
        Map<String, String> env = new HashMap<>();
        env.put("WARDEN_CONFLUENCE_URL", receiver.url(""));
        env.put("WARDEN_CONFLUENCE_EMAIL", "someone@example.com");
        env.put("WARDEN_CONFLUENCE_TOKEN", "token");
        env.put("WARDEN_OUTBOUND_REQUEST_TIMEOUT", requestTimeout);
        env.put("WARDEN_OUTBOUND_MAX_RESPONSE_BODY", "1MiB");
        env.put("WARDEN_OUTBOUND_MAX_RETRY_TIME", "10s");
        bench = new RuleBench(dir, env);
        return bench;
    }

    @AfterEach
    void tearDown() {
        if (bench != null) {
            bench.close();
        }
        if (receiver != null) {
            receiver.close();
        }
    }

    @Test
    void anAnswerLargerThanTheLimitFailsTheCallNamingTheHostTheLimitAndTheSetting() {
        RunOutcome outcome = bench(new MisbehavingReceiver(Body.SIZED, 8L * 1024 * 1024)).run(CATCH, "20s");
        assertThat(outcome.status()).as(String.valueOf(outcome.error())).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(outcome.result()).isEqualTo("[\"RESPONSE_TOO_LARGE\",\"127.0.0.1 answered more than 1MiB "
                + "(outbound.maxResponseBody)\"]");
    }

    @Test
    void anEndlessAnswerIsCutOffAtTheLimitInsteadOfFillingTheHeap() throws Exception {
        bench(new MisbehavingReceiver(Body.ENDLESS));
        long started = System.nanoTime();
        RunOutcome outcome = bench.run(CATCH, "20s");
        assertThat(outcome.result()).startsWith("[\"RESPONSE_TOO_LARGE\",");
        assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(10_000);
        assertThat(receiver.awaitAllClosed(5)).as("the connection is closed").isTrue();
    }

    @Test
    void anAnswerLargeButWithinTheLimitStillArrives() {
        RunOutcome outcome = bench(new MisbehavingReceiver(Body.SIZED, 1000 * 1024)).run(CATCH, "20s");
        assertThat(outcome.status()).as(String.valueOf(outcome.error())).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(outcome.result()).isEqualTo(String.valueOf(1000 * 1024 - 2));
    }

    @Test
    void aReceiverThatTricklesItsBodyIsCutOffAtTheRequestTimeout() throws Exception {
        bench(new MisbehavingReceiver(Body.TRICKLE));
        long started = System.nanoTime();
        RunOutcome outcome = bench.run(CATCH, "20s");
        long elapsedMs = (System.nanoTime() - started) / 1_000_000;
        assertThat(outcome.status()).as(String.valueOf(outcome.error())).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(outcome.result()).isEqualTo("[\"TIMEOUT\",\"127.0.0.1 did not finish answering within 2s "
                + "(outbound.requestTimeout)\"]");
        assertThat(elapsedMs).isBetween(1_900L, 10_000L);
        assertThat(receiver.awaitAllClosed(5)).as("the connection is closed").isTrue();
    }

    @Test
    void aReceiverThatStallsAfterItsHeadersIsCutOffAtTheRequestTimeoutAndNotAskedAgain() throws Exception {
        bench(new MisbehavingReceiver(Body.STALL));
        long started = System.nanoTime();
        RunOutcome outcome = bench.run(CATCH, "20s");
        long elapsedMs = (System.nanoTime() - started) / 1_000_000;
        assertThat(outcome.result()).isEqualTo("[\"TIMEOUT\",\"127.0.0.1 did not finish answering within 2s "
                + "(outbound.requestTimeout)\"]");
        assertThat(elapsedMs).isBetween(1_900L, 10_000L);
        assertThat(receiver.accepted()).isEqualTo(1);
        assertThat(receiver.awaitAllClosed(5)).as("the connection is closed").isTrue();
    }

    @Test
    void aStalledCallThatTheRuleDoesNotCatchFailsTheRunWithTheTimeoutInItsError() {
        RunOutcome outcome = bench(new MisbehavingReceiver(Body.STALL)).run("return confluence.page('1');", "20s");
        assertThat(outcome.status()).isEqualTo(RunStatus.FAILED);
        assertThat(String.valueOf(outcome.error())).contains("did not finish answering within 2s "
                + "(outbound.requestTimeout)");
    }

    @Test
    void aCallInARuleWhoseTimeoutIsShorterThanTheRequestTimeoutEndsInTimeForTheRuleToHandleIt() throws Exception {
        bench(new MisbehavingReceiver(Body.STALL), "20s");
        long started = System.nanoTime();
        RunOutcome outcome = bench.run(CATCH, "6s");
        long elapsedMs = (System.nanoTime() - started) / 1_000_000;
        assertThat(outcome.status()).as(String.valueOf(outcome.error())).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(outcome.result()).startsWith("[\"TIMEOUT\",\"127.0.0.1 did not finish answering within ")
                .endsWith(" (what was left of the rule's timeout)\"]");
        assertThat(elapsedMs).isBetween(3_000L, 6_000L);
        assertThat(receiver.awaitAllClosed(5)).as("the connection is closed").isTrue();
    }
}
