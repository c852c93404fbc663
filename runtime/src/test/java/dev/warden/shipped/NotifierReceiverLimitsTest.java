package dev.warden.shipped;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
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
import dev.warden.testing.PluginArtifacts;
import dev.warden.testing.RuleBench;

/** The notifier plugin's built jar against a receiver that stalls or answers without end. */
class NotifierReceiverLimitsTest {

    private static final String SEND = "try { notify.send('slow', 'x'); return 'sent'; } "
            + "catch (e) { return [e.code, e.message]; }";

    @TempDir
    Path dir;
    MisbehavingReceiver receiver;
    RuleBench bench;

    private void start(Body body) throws Exception {
        receiver = new MisbehavingReceiver(body);
        Path config = dir.resolve("warden.yml");
        Files.writeString(config, """
                notifier:
                  channels:
                    slow: { type: slack, url: "%s" }
                """.formatted(receiver.url("/slack")));
        Map<String, String> env = new HashMap<>();
        env.put("WARDEN_CONFIG", config.toString());
        env.put("WARDEN_PLUGINS_DIR", PluginArtifacts.install(dir.resolve("plugins"), "notifier").toString());
        env.put("WARDEN_PLUGINS_ENABLED", "notifier");
        env.put("WARDEN_OUTBOUND_REQUEST_TIMEOUT", "2s");
        env.put("WARDEN_OUTBOUND_MAX_RESPONSE_BODY", "64KiB");
        bench = new RuleBench(dir, env);
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
    void aReceiverThatStallsAfterItsHeadersGivesTheRuleAnUnconfirmedSendWithinTheRequestTimeout() throws Exception {
        start(Body.STALL);
        long started = System.nanoTime();
        RunOutcome outcome = bench.run(SEND, "20s");
        long elapsedMs = (System.nanoTime() - started) / 1_000_000;
        assertThat(outcome.status()).as(String.valueOf(outcome.error())).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(outcome.result()).isEqualTo("[\"NOTIFY_UNCONFIRMED\",\"channel 'slow': 127.0.0.1 did not finish "
                + "answering within 2s (outbound.requestTimeout)\"]");
        assertThat(elapsedMs).isBetween(1_900L, 10_000L);
        assertThat(receiver.accepted()).as("a timed-out send is not sent again").isEqualTo(1);
        assertThat(receiver.awaitAllClosed(5)).as("the connection is closed").isTrue();
    }

    @Test
    void anUnconfirmedHttpSendIsDiagnosedAsTheReceiversAnswerNotAsMail() throws Exception {
        start(Body.STALL);
        RunOutcome outcome = bench.run("try { notify.send('slow', 'x'); } catch (e) { return e.diagnosis; }", "20s");
        assertThat(outcome.result()).isEqualTo("\"the message may have been delivered: the receiver had all of it "
                + "but did not finish answering (outbound.requestTimeout, outbound.maxResponseBody); check the "
                + "receiver's log before sending it again\"");
    }

    @Test
    void aReceiverThatAnswersWithoutEndIsCutOffAtTheLimit() throws Exception {
        start(Body.ENDLESS);
        RunOutcome outcome = bench.run(SEND, "20s");
        assertThat(outcome.result()).isEqualTo("[\"NOTIFY_UNCONFIRMED\",\"channel 'slow': 127.0.0.1 answered more "
                + "than 64KiB (outbound.maxResponseBody)\"]");
        assertThat(receiver.awaitAllClosed(5)).as("the connection is closed").isTrue();
    }
}
