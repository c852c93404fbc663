package dev.warden.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.warden.runs.RunStatus;
import dev.warden.testing.RulesFolder;

class RuleEngineTest {

    @RegisterExtension
    final RulesFolder rules = RulesFolder.perTest();

    private RunOutcome run(String id, String event) {
        return rules.engine().execute(rules.catalog().rule(id), new RunInvocation("01TEST", event));
    }

    @Test
    void ruleReturnsItsResultAsJsonAndItsLogLines() {
        rules.write("hello.js", """
                import { rule, manual } from 'warden';
                export default rule({
                  id: 'hello',
                  triggers: [manual()],
                  run({ event, log }) {
                    log.info('greeting', { who: event.body.who });
                    return { greeted: event.body.who };
                  },
                });
                """);
        RunOutcome outcome = run("hello", "{\"type\":\"manual\",\"body\":{\"who\":\"ada\"}}");
        assertThat(outcome.error()).isNull();
        assertThat(outcome.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(outcome.result()).isEqualTo("{\"greeted\":\"ada\"}");
        assertThat(outcome.logs()).singleElement().satisfies(l -> {
            assertThat(l.level()).isEqualTo("INFO");
            assertThat(l.message()).isEqualTo("greeting");
            assertThat(l.fields()).isEqualTo("{\"who\":\"ada\"}");
        });
    }

    @Test
    void ruleSeesItsRunIdRuleIdAndFileVersion() {
        rules.write("who-am-i.js", """
                import { rule, manual } from 'warden';
                export default rule({
                  id: 'who-am-i',
                  triggers: [manual()],
                  run({ run }) {
                    return { id: run.id, rule: run.rule, fileVersion: run.fileVersion, keys: Object.keys(run) };
                  },
                });
                """);
        RunOutcome outcome = run("who-am-i", "{}");
        assertThat(outcome.error()).isNull();
        assertThat(outcome.result()).isEqualTo("{\"id\":\"01TEST\",\"rule\":\"who-am-i\",\"fileVersion\":\""
                + rules.catalog().rule("who-am-i").file().version() + "\",\"keys\":[\"id\",\"rule\",\"fileVersion\"]}");
    }

    @Test
    void thrownErrorNamesFileLineAndColumn() {
        rules.write("boom.js", """
                import { rule, manual } from 'warden';
                export default rule({
                  id: 'boom',
                  triggers: [manual()],
                  run() {
                    throw new Error('kaput');
                  },
                });
                """);
        RunOutcome outcome = run("boom", "{}");
        assertThat(outcome.status()).isEqualTo(RunStatus.FAILED);
        assertThat(outcome.error().describe()).startsWith("boom.js:6:");
        assertThat(outcome.error().message()).contains("kaput");
        assertThat(outcome.error().stack()).contains("boom.js:6");
    }
}
