package dev.warden.shipped;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import dev.warden.engine.RunOutcome;
import dev.warden.http.Json;
import dev.warden.runs.RunStatus;
import dev.warden.simulator.ConfluenceSimulator;
import dev.warden.simulator.junit.SimulatorExtension;
import dev.warden.testing.FakeSmtpServer;
import dev.warden.testing.FakeSmtpServer.Misbehaviour;
import dev.warden.testing.HttpReceiver;
import dev.warden.testing.RuleBench;
import dev.warden.testing.SimulatedSite;
import dev.warden.testing.SmtpReceiver;

/** {@code notify.send} from the notifier plugin's built jar to a local webhook receiver and a real SMTP server. */
@ExtendWith(SimulatorExtension.class)
class NotifierPluginTest {

    static final String HMAC_SECRET = SimulatedSite.HMAC_SECRET;
    static final String SMTP_PASSWORD = SimulatedSite.SMTP_PASSWORD;

    @TempDir
    Path dir;
    HttpReceiver receiver;
    SmtpReceiver smtp;
    FakeSmtpServer fake;
    RuleBench bench;

    @BeforeEach
    void setUp(ConfluenceSimulator sim) throws Exception {
        receiver = new HttpReceiver();
        smtp = new SmtpReceiver("warden", SMTP_PASSWORD);
        fake = new FakeSmtpServer();
        String plain = "type: email, host: 127.0.0.1, port: " + fake.port()
                + ", tls: none, from: warden@example.com, to: ops@example.com";
        bench = new RuleBench(dir, SimulatedSite.withNotifier(sim, dir, receiver, smtp, """
                    raw: { %1$s, timeout: 1s }
                    patient: { %1$s, timeout: 60s }
                    hasty: { %1$s, timeout: 1s, dataTimeout: 1s }
                    badfrom: { type: email, host: 127.0.0.1, from: "warden@example.com> x", to: ops@example.com }
                    badto: { type: email, host: 127.0.0.1, from: warden@example.com, to: "ops@example.com, a@b@c" }
                    notimeout: { %1$s, timeout: 0s }
                """.formatted(plain)));
    }

    @AfterEach
    void tearDown() {
        bench.close();
        fake.close();
        smtp.close();
        receiver.close();
    }

    private RunOutcome run(String body) {
        RunOutcome outcome = bench.run(body);
        assertThat(outcome.status()).as(String.valueOf(outcome.error())).isEqualTo(RunStatus.SUCCEEDED);
        return outcome;
    }

    @Test
    void aSlackChannelPostsTextAndBlocks() throws Exception {
        run("return notify.send('ops', 'Page 65539 is unclassified', { blocks: [{ type: 'divider' }] });");
        HttpReceiver.Received slack = receiver.received().getFirst();
        assertThat(slack.path()).isEqualTo("/slack");
        assertThat(slack.headers().get("content-type")).isEqualTo("application/json");
        JsonNode body = Json.MAPPER.readTree(slack.body());
        assertThat(body.path("text").asText()).isEqualTo("Page 65539 is unclassified");
        assertThat(body.path("blocks").path(0).path("type").asText()).isEqualTo("divider");
    }

    @Test
    void aWebhookChannelSignsItsBodyWithHmacSha256() throws Exception {
        run("notify.send('hooks', 'hello', { data: { pageId: '65539' } });");
        HttpReceiver.Received hook = receiver.received().getFirst();
        JsonNode body = Json.MAPPER.readTree(hook.body());
        assertThat(body.path("channel").asText()).isEqualTo("hooks");
        assertThat(body.path("data").path("pageId").asText()).isEqualTo("65539");
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(HMAC_SECRET.getBytes(), "HmacSHA256"));
        String expected = "sha256=" + java.util.HexFormat.of().formatHex(mac.doFinal(hook.body().getBytes()));
        assertThat(hook.headers().get("x-warden-signature-256")).isEqualTo(expected);
        assertThat(hook.headers().get("x-warden-delivery")).isNotBlank();
    }

    @Test
    void aFailedSendIsRetriedWithBackoffAndEachRetryIsInTheRunLog() {
        receiver.failNext(503, 500);
        RunOutcome outcome = run("return notify.send('ops', 'third time lucky');");
        assertThat(receiver.received()).hasSize(3);
        assertThat(outcome.logs()).filteredOn(l -> l.level().equals("WARN")).extracting(l -> l.message())
                .containsExactly("notify: channel 'ops' attempt 1 failed (HTTP 503); retrying in "
                        + outcome.logs().get(0).message().replaceAll(".*retrying in ", ""),
                        "notify: channel 'ops' attempt 2 failed (HTTP 500); retrying in "
                        + outcome.logs().get(1).message().replaceAll(".*retrying in ", ""));
    }

    @Test
    void aReceiverThatKeepsFailingGivesTheRuleAnErrorItCanHandle() {
        receiver.failNext(500, 500, 500, 500, 500);
        RunOutcome outcome = run("try { notify.send('ops', 'x'); } catch (e) { return [e.code, e.status]; }");
        assertThat(outcome.result()).isEqualTo("[\"NOTIFY_FAILED\",500]");
        assertThat(outcome.logs()).anySatisfy(l -> assertThat(l.level()).isEqualTo("ERROR"));
    }

    @Test
    void anEmailGoesOutOverStartTlsWithAuthentication() throws Exception {
        run("notify.send('mail', 'Grüße from Warden\\n.leading dot line', { subject: 'Classification: ✓' });");
        assertThat(smtp.mails()).hasSize(1);
        SmtpReceiver.Mail mail = smtp.mails().getFirst();
        assertThat(mail.from()).isEqualTo("warden@example.com");
        assertThat(mail.to()).isEqualTo("ops@example.com");
        assertThat(mail.message().getSubject()).isEqualTo("Classification: ✓");
        assertThat(mail.message().getContent().toString().replace("\r\n", "\n"))
                .isEqualTo("Grüße from Warden\n.leading dot line");
    }

    @Test
    void anUnknownChannelNamesTheConfiguredOnes() {
        RunOutcome outcome = run("try { notify.send('nowhere', 'x'); } catch (e) { return e.diagnosis; }");
        assertThat(outcome.result()).contains("ops (slack)", "hooks (webhook)", "mail (email)");
    }

    @Test
    void aRecipientWithALineBreakIsRefusedBeforeAnythingIsSent() {
        String forged = "victim@elsewhere.example>\\r\\nDATA\\r\\nFrom: ceo@example.com\\r\\n"
                + "Subject: forged\\r\\n\\r\\npay now\\r\\n.\\r\\nNOOP x";
        RunOutcome outcome = run("try { return notify.send('mail', 'x', { to: '" + forged + "' }); }"
                + " catch (e) { return [e.code, e.message]; }");
        JsonNode result = readTree(outcome.result());
        assertThat(result.path(0).asText()).isEqualTo("NOTIFY_BAD_ADDRESS");
        assertThat(result.path(1).asText()).contains("victim@elsewhere.example>\\r\\nDATA").doesNotContain("\r", "\n");
        assertThat(smtp.mails()).isEmpty();
        run("try { notify.send('raw', 'x', { to: 'ops@example.com,\\nRSET' }); } catch (e) { return e.code; }");
        assertThat(fake.connections()).isZero();
    }

    @Test
    void aRecipientThatIsNotAnAddressIsRefusedBeforeConnecting() {
        RunOutcome outcome = run("""
                const codes = [];
                for (const to of [[{ x: 1 }], { x: 1 }, 42, ['a b@example.com'], ['<ops@example.com>'], ['nobody'],
                                  ['a@b@example.com'], ['x'.repeat(300) + '@example.com']]) {
                  try { notify.send('raw', 'x', { to }); codes.push('sent'); } catch (e) { codes.push(e.code); }
                }
                return codes;
                """);
        assertThat(readTree(outcome.result())).hasSize(8).allSatisfy(code ->
                assertThat(code.asText()).isEqualTo("NOTIFY_BAD_ADDRESS"));
        assertThat(fake.connections()).isZero();
    }

    @Test
    void aChannelWithABadAddressOrNoTimeoutIsUnusableAndSaysWhy() {
        RunOutcome outcome = run("""
                const why = [];
                for (const channel of ['badfrom', 'badto', 'notimeout']) {
                  try { notify.send(channel, 'x'); why.push('sent'); }
                  catch (e) { why.push(e.code + ': ' + e.message); }
                }
                return why;
                """);
        JsonNode why = readTree(outcome.result());
        assertThat(why.path(0).asText()).startsWith("UNKNOWN_CHANNEL").contains("notifier.channels.badfrom.from");
        assertThat(why.path(1).asText()).startsWith("UNKNOWN_CHANNEL").contains("notifier.channels.badto.to", "a@b@c");
        assertThat(why.path(2).asText()).startsWith("UNKNOWN_CHANNEL")
                .contains("notifier.channels.notimeout.timeout");
        assertThat(fake.connections()).isZero();
    }

    @Test
    void anOutOfStepReplyIsAProtocolErrorThatIsNotRetried() {
        fake.misbehave(Misbehaviour.ANSWER_DATA_WITH_250);
        RunOutcome outcome = run("try { notify.send('raw', 'x'); return 'sent'; } catch (e) { return e.code; }");
        assertThat(outcome.result()).isEqualTo("\"NOTIFY_FAILED\"");
        assertThat(fake.connections()).isEqualTo(1);
        assertThat(outcome.logs()).noneSatisfy(l -> assertThat(l.level()).isEqualTo("WARN"));
    }

    @Test
    void aServerThatDripsItsGreetingIsGivenUpOnAtTheChannelsTimeout() {
        fake.misbehave(Misbehaviour.DRIP_GREETING);
        long start = System.nanoTime();
        // Each attempt gets the channel's timeout (1s) for the whole conversation, not for one read.
        RunOutcome outcome = run("try { notify.send('raw', 'x'); return 'sent'; } catch (e) { return e.code; }");
        assertThat(outcome.result()).isEqualTo("\"NOTIFY_FAILED\"");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(25));
    }

    @Test
    void aRunThatTimesOutWhileTheServerDripsStopsPromptly() {
        fake.misbehave(Misbehaviour.DRIP_GREETING);
        long start = System.nanoTime();
        // The channel would wait 60s; the rule's 2s timeout interrupts the send, which closes the connection.
        RunOutcome outcome = bench.run("notify.send('patient', 'x');", "2s");
        assertThat(outcome.status()).isEqualTo(RunStatus.TIMED_OUT);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
    }

    @Test
    void aSlowAcknowledgementOfTheMessageIsAwaitedAndTheMessageIsSentOnce() {
        fake.misbehave(Misbehaviour.SLOW_DATA_REPLY).dataReplyDelay(Duration.ofSeconds(3));
        RunOutcome outcome = run("return notify.send('raw', 'x');");
        assertThat(readTree(outcome.result()).path("delivered").asBoolean()).isTrue();
        assertThat(fake.messages()).isEqualTo(1);
        assertThat(fake.connections()).isEqualTo(1);
    }

    @Test
    void aMessageWhoseAcknowledgementNeverComesIsReportedAsUnconfirmedAndNotResent() {
        fake.misbehave(Misbehaviour.HANG_UP_AFTER_DATA);
        RunOutcome outcome = run("try { notify.send('raw', 'x'); return 'sent'; }"
                + " catch (e) { return [e.code, e.message]; }");
        assertThat(readTree(outcome.result()).path(0).asText()).isEqualTo("NOTIFY_UNCONFIRMED");
        assertThat(readTree(outcome.result()).path(1).asText()).contains("may have been delivered");
        assertThat(fake.messages()).isEqualTo(1);

        fake.misbehave(Misbehaviour.SLOW_DATA_REPLY).dataReplyDelay(Duration.ofSeconds(10));
        outcome = run("try { notify.send('hasty', 'x'); return 'sent'; } catch (e) { return e.code; }");
        assertThat(outcome.result()).isEqualTo("\"NOTIFY_UNCONFIRMED\"");
        assertThat(fake.messages()).isEqualTo(2);
        assertThat(fake.connections()).isEqualTo(2);
    }

    @Test
    void anObjectMessageIsSentAsJsonText() throws Exception {
        run("notify.send('hooks', { a: 1, b: [1, 2], c: 'x' });");
        JsonNode body = readTree(receiver.received().getFirst().body());
        assertThat(readTree(body.path("text").asText())).isEqualTo(readTree("{\"a\":1,\"b\":[1,2],\"c\":\"x\"}"));
    }

    private static JsonNode readTree(String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }
}
