package dev.warden.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.warden.engine.RunInvocation;
import dev.warden.engine.RunOutcome;
import dev.warden.engine.Workbench;
import dev.warden.rules.LoadedRule;
import dev.warden.rules.RuleCatalog;
import dev.warden.runs.RunStatus;
import dev.warden.testing.RulesFolder;

/** Every file in rules-examples compiles cleanly and every rule in it runs, so the examples cannot rot. */
class RulesExamplesTest {

    private static final Path EXAMPLES = Path.of("..", "rules-examples").toAbsolutePath().normalize();

    @Test
    void everyExampleCompilesAndEveryRuleRunsSuccessfully() {
        try (Workbench bench = new Workbench(EXAMPLES, RulesFolder.defaults(), List.of())) {
            RuleCatalog catalog = bench.catalog();
            catalog.refresh();
            assertThat(catalog.snapshot().problems()).isEmpty();
            assertThat(catalog.rules()).hasSizeGreaterThanOrEqualTo(4);
            for (LoadedRule rule : catalog.rules()) {
                String event = "{\"type\":\"manual\",\"firedAt\":\"2026-11-23T08:00:00Z\","
                        + "\"body\":{\"pageId\":\"65601\",\"title\":\"Onboarding\",\"who\":\"ci\"}}";
                RunOutcome outcome = bench.engine().execute(rule, new RunInvocation("01EXAMPLE", event));
                assertThat(outcome.status()).as(rule.id() + ": " + outcome.error()).isEqualTo(RunStatus.SUCCEEDED);
            }
        }
    }
}
