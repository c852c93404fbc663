package dev.warden.shipped;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import dev.warden.engine.RunOutcome;
import dev.warden.http.Json;
import dev.warden.runs.RunStatus;
import dev.warden.simulator.ConfluenceSimulator;
import dev.warden.simulator.junit.SimulatorExtension;
import dev.warden.testing.HttpReceiver;
import dev.warden.testing.RuleBench;
import dev.warden.testing.SimulatedSite;
import dev.warden.testing.SmtpReceiver;

/**
 * {@code compliance.*} and {@code notify.*} from the shipped plugins' built jars refuse arguments and options of the
 * wrong type, misspelt options and huge values with {@code BAD_ARGUMENT} naming the call and what it takes, before
 * anything is sent, as {@code confluence.*} does.
 */
@ExtendWith(SimulatorExtension.class)
class PluginArgumentsTest {

    @TempDir
    Path dir;
    HttpReceiver receiver;
    SmtpReceiver smtp;
    RuleBench bench;

    @BeforeEach
    void setUp(ConfluenceSimulator sim) throws Exception {
        receiver = new HttpReceiver();
        smtp = new SmtpReceiver("warden", SimulatedSite.SMTP_PASSWORD);
        bench = new RuleBench(dir, SimulatedSite.withNotifier(sim, dir, receiver, smtp));
    }

    @AfterEach
    void tearDown() {
        bench.close();
        smtp.close();
        receiver.close();
    }

    /** Each call's error as {@code CODE message}, or {@code allowed} when it was taken. */
    private List<String> refusals(String calls) throws Exception {
        RunOutcome outcome = bench.run("return [" + calls + "].map(t => { try { t(); return 'allowed'; } "
                + "catch (e) { return e.code + ' ' + e.message; } });");
        assertThat(outcome.status()).as(String.valueOf(outcome.error())).isEqualTo(RunStatus.SUCCEEDED);
        return Json.MAPPER.readValue(outcome.result(), Json.MAPPER.getTypeFactory()
                .constructCollectionType(List.class, String.class));
    }

    @Test
    void complianceIdsOfTheWrongTypeFractionsAndHugeValuesAreRefusedNamingTheCallAndTheArgument() throws Exception {
        assertThat(refusals("""
                () => compliance.classification({ id: '65539' }),
                () => compliance.classification(65539.5),
                () => compliance.classification(1e20),
                () => compliance.classification('9'.repeat(100000)),
                () => compliance.classify('65539', ['Internal']),
                () => compliance.classify('65539'),
                () => compliance.detections(true),
                () => compliance.redact(''),
                () => compliance.classification(65539),
                """)).containsExactly(
                "BAD_ARGUMENT compliance.classification: pageId (argument 1) must be a string, not {\"id\":\"65539\"}",
                "BAD_ARGUMENT compliance.classification: pageId (argument 1) must be a string, not 65539.5",
                "BAD_ARGUMENT compliance.classification: pageId (argument 1) must be a string: 100000000000000000000 "
                        + "is beyond the whole numbers JavaScript holds exactly (2^53), so give an id this long as a "
                        + "string",
                "BAD_ARGUMENT compliance.classification: pageId (argument 1) is 100000 characters long; an id is at "
                        + "most 255",
                "BAD_ARGUMENT compliance.classify: level (argument 2) must be a string, not [\"Internal\"]",
                "BAD_ARGUMENT compliance.classify: level (argument 2) must be a non-empty string",
                "BAD_ARGUMENT compliance.detections: pageId (argument 1) must be a string, not true",
                "BAD_ARGUMENT compliance.redact: detectionId (argument 1) must be a non-empty string",
                "allowed");
    }

    @Test
    void notifyArgumentsOfTheWrongTypeAndMisspeltOptionsAreRefusedBeforeAnythingIsSent() throws Exception {
        assertThat(refusals("""
                () => notify.send({ chanel: 'ops' }, 'x'),
                () => notify.send('ops'),
                () => notify.send('ops', 'x', 'urgent'),
                () => notify.send('ops', 'x', { chanel: 'ops' }),
                () => notify.send('mail', 'x', { subjet: 'Hi' }),
                () => notify.send('ops', 'x', { subject: 'Hi' }),
                () => notify.send('hooks', 'x', { blocks: [] }),
                () => notify.send('ops', 'x', { blocks: { type: 'divider' } }),
                () => notify.send('mail', 'x', { subject: { text: 'Hi' } }),
                () => notify.send('mail', 'x', { subject: 'S'.repeat(501) }),
                () => notify.send('ops', 'x'.repeat(1048577)),
                () => notify.send('n'.repeat(5000), 'x'),
                """)).containsExactly(
                "BAD_ARGUMENT notify.send: channel (argument 1) must be a channel's name, a non-empty string, not "
                        + "{\"chanel\":\"ops\"}; notify.channels() lists them",
                "BAD_ARGUMENT notify.send: message (argument 2) is missing: give a string, or a value to send as its "
                        + "JSON text",
                "BAD_ARGUMENT notify.send: options (argument 3) must be an object, not a string",
                "BAD_ARGUMENT notify.send: channel 'ops' (slack) takes no option 'chanel'; its options are blocks",
                "BAD_ARGUMENT notify.send: channel 'mail' (email) takes no option 'subjet' (did you mean subject?); "
                        + "its options are subject, to",
                "BAD_ARGUMENT notify.send: channel 'ops' (slack) takes no option 'subject'; its options are blocks",
                "BAD_ARGUMENT notify.send: channel 'hooks' (webhook) takes no option 'blocks'; its options are data",
                "BAD_ARGUMENT notify.send: blocks must be an array of Slack blocks, not an object",
                "BAD_ARGUMENT notify.send: subject must be a string, not an object",
                "BAD_ARGUMENT notify.send: subject is 501 characters long; a subject holds at most 500",
                "BAD_ARGUMENT notify.send: message (argument 2) is 1048577 characters long; a notification holds at "
                        + "most 1048576 (send a link to the details instead); nothing was sent",
                "UNKNOWN_CHANNEL no notification channel is named '" + "n".repeat(37) + "...'");
        assertThat(receiver.received()).as("posts sent").isEmpty();
        assertThat(smtp.mails()).as("mails sent").isEmpty();
    }

    @Test
    void aLongSubjectOutsideAsciiIsFoldedIntoEncodedWordsAndArrivesWhole() throws Exception {
        String subject = "Классификация страницы изменена: ".repeat(6).trim();
        RunOutcome outcome = bench.run("return notify.send('mail', 'x', { subject: '" + subject + "' });");
        assertThat(outcome.status()).as(String.valueOf(outcome.error())).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(smtp.mails().getFirst().message().getSubject()).isEqualTo(subject);
        assertThat(smtp.mails().getFirst().message().getHeader("Subject")[0].lines())
                .allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(76));
    }
}
