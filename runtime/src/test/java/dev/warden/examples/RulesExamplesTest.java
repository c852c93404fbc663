package dev.warden.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import dev.warden.Integrations;
import dev.warden.engine.RunInvocation;
import dev.warden.engine.RunOutcome;
import dev.warden.engine.Workbench;
import dev.warden.rules.LoadedRule;
import dev.warden.rules.RuleCatalog;
import dev.warden.runs.RunStatus;
import dev.warden.simulator.ConfluenceSimulator;
import dev.warden.simulator.junit.SimulatorExtension;
import dev.warden.testing.HttpReceiver;
import dev.warden.testing.RulesFolder;
import dev.warden.testing.SimulatedSite;
import dev.warden.testing.SmtpReceiver;

/**
 * Every file in rules-examples compiles cleanly and every rule in it runs against the simulator, the shipped
 * plugins, a local webhook receiver and an SMTP server, so the examples cannot rot.
 */
@ExtendWith(SimulatorExtension.class)
class RulesExamplesTest {

    private static final Path EXAMPLES = Path.of("..", "rules-examples").toAbsolutePath().normalize();
    private static final String EVENT = "{\"type\":\"manual\",\"firedAt\":\"2026-11-23T08:00:00Z\","
            + "\"body\":{\"pageId\":\"65539\",\"title\":\"On-call runbook\",\"who\":\"ci\"}}";

    @TempDir
    Path dir;

    @Test
    void everyExampleCompilesAndEveryRuleRunsSuccessfully(ConfluenceSimulator sim) throws Exception {
        try (HttpReceiver receiver = new HttpReceiver(); SmtpReceiver smtp = new SmtpReceiver("warden",
                SimulatedSite.SMTP_PASSWORD)) {
            Map<String, String> env = SimulatedSite.withNotifier(sim, dir, receiver, smtp);
            try (Integrations integrations = SimulatedSite.integrations(env);
                 Workbench bench = new Workbench(EXAMPLES, RulesFolder.defaults(), integrations.ruleApis())) {
                RuleCatalog catalog = bench.catalog();
                catalog.refresh();
                assertThat(catalog.snapshot().problems()).isEmpty();
                assertThat(catalog.rules()).hasSizeGreaterThanOrEqualTo(5);
                for (LoadedRule rule : catalog.rules()) {
                    RunOutcome outcome = bench.engine().execute(rule, new RunInvocation("01EXAMPLE", EVENT));
                    assertThat(outcome.status()).as(rule.id() + ": " + outcome.error())
                            .isEqualTo(RunStatus.SUCCEEDED);
                }
                RunOutcome again = bench.engine().execute(catalog.rule("classify-new-page"),
                        new RunInvocation("01AGAIN", EVENT));
                assertThat(again.result()).contains("\"changed\":false", "\"level\":\"Internal\"");
            }
            assertThat(receiver.received()).singleElement()
                    .satisfies(r -> assertThat(r.body()).contains("On-call runbook", "Internal"));
            assertThat(smtp.mails()).singleElement().satisfies(m -> assertThat(m.message().getSubject())
                    .isEqualTo("Classified as Internal: On-call runbook"));
        }
    }
}
