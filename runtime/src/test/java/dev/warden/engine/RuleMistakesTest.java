package dev.warden.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.warden.runs.RunStatus;
import dev.warden.testing.RulesFolder;

/** Mistakes a rule author makes end in a run record that says, in one sentence and at the author's line, what went wrong. */
class RuleMistakesTest {

    @RegisterExtension
    final RulesFolder rules = RulesFolder.perTest();

    private RunOutcome run(String id) {
        return rules.engine().execute(rules.catalog().rule(id), new RunInvocation("01" + id.toUpperCase(), "{}"));
    }

    @Test
    void aThrownValueThatIsNotAnErrorIsShownInTheMessageAtTheThrowingLine() {
        rules.write("throws.js", """
                import { rule, manual } from 'warden';
                export const object = rule({ id: 'object', triggers: [manual()], run() {
                  throw { code: 'LOCKED', page: 7 };
                } });
                export const nul = rule({ id: 'nul', triggers: [manual()], run() {
                  throw null;
                } });
                export const undef = rule({ id: 'undef', triggers: [manual()], run() {
                  throw undefined;
                } });
                export const number = rule({ id: 'number', triggers: [manual()], run() {
                  throw 42;
                } });
                export const text = rule({ id: 'text', triggers: [manual()], run() {
                  throw 'the page is locked';
                } });
                """);
        RunOutcome object = run("object");
        assertThat(object.status()).isEqualTo(RunStatus.FAILED);
        assertThat(object.error().message()).isEqualTo("the rule threw {\"code\":\"LOCKED\",\"page\":7}, which is not "
                + "an Error (throw new Error('...') to say why with a stack)");
        assertThat(object.error().line()).isEqualTo(3);
        assertThat(run("nul").error().message()).startsWith("the rule threw null, which is not an Error");
        assertThat(run("undef").error().message()).startsWith("the rule threw undefined, which is not an Error");
        assertThat(run("number").error().message()).startsWith("the rule threw 42, which is not an Error");
        RunOutcome text = run("text");
        assertThat(text.error().message()).as("a thrown string is the author's own sentence")
                .isEqualTo("the page is locked");
        assertThat(text.error().line()).isEqualTo(15);
    }

    @Test
    void aRuleCannotRewriteItsOwnRunIdRuleOrFileVersionAndIsToldSoAtItsLine() {
        rules.write("rewrite.js", """
                import { rule, manual } from 'warden';
                export default rule({ id: 'rewrite', triggers: [manual()], run(ctx) {
                  ctx.run.id = 'someone-else';
                  return ctx.run.id;
                } });
                """);
        RunOutcome outcome = run("rewrite");
        assertThat(outcome.status()).as("a helper that rewrote ctx.run would log and pass on a run id Warden never "
                + "made").isEqualTo(RunStatus.FAILED);
        assertThat(outcome.error().message()).contains("read only").contains("id");
        assertThat(outcome.error().line()).isEqualTo(3);
    }

    @Test
    void aBadRespondStatusIsPlacedAtTheRulesLineNotInsideTheWardenModule() {
        rules.write("status.js", """
                import { rule, manual, respond } from 'warden';
                export default rule({ id: 'status', triggers: [manual()], run() {
                  return respond(999, 'no such status');
                } });
                """);
        RunOutcome outcome = run("status");
        assertThat(outcome.status()).isEqualTo(RunStatus.FAILED);
        assertThat(outcome.error().message()).contains("status must be a whole number from 200 to 599, got 999");
        assertThat(outcome.error().file()).isEqualTo("status.js");
        assertThat(outcome.error().line()).isEqualTo(3);
        assertThat(outcome.error().stack()).doesNotContain("warden:");
    }

    @Test
    void aResultThatJsonCannotWriteAtAllFailsInsteadOfSucceedingWithNothing() {
        rules.write("results.js", """
                import { rule, manual } from 'warden';
                export const fn = rule({ id: 'fn', triggers: [manual()], run() { return () => 1; } });
                export const symbol = rule({ id: 'symbol', triggers: [manual()], run() { return Symbol('s'); } });
                export const nothing = rule({ id: 'nothing', triggers: [manual()], run() { return undefined; } });
                """);
        for (String id : new String[] {"fn", "symbol"}) {
            RunOutcome outcome = run(id);
            assertThat(outcome.status()).as(id).isEqualTo(RunStatus.FAILED);
            assertThat(outcome.error().code()).as(id).isEqualTo("RESULT_NOT_JSON");
            assertThat(outcome.error().message()).as(id).contains("returned a " + (id.equals("fn") ? "function"
                    : "symbol"));
        }
        RunOutcome nothing = run("nothing");
        assertThat(nothing.status()).as("returning nothing is still a success").isEqualTo(RunStatus.SUCCEEDED);
        assertThat(nothing.result()).isNull();
    }

    @Test
    void aRejectionNobodyHandledIsAWarningInTheRunsLog() {
        rules.write("forgotten.js", """
                import { rule, manual } from 'warden';
                export default rule({ id: 'forgotten', triggers: [manual()], run() {
                  Promise.reject(new Error('the update failed'));
                  Promise.reject('handled later').catch(() => {});
                  return { done: true };
                } });
                """);
        RunOutcome outcome = run("forgotten");
        assertThat(outcome.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(outcome.logs()).hasSize(1);
        LogLine line = outcome.logs().getFirst();
        assertThat(line.level()).isEqualTo("WARN");
        assertThat(line.message()).startsWith("a promise was rejected and nothing handled it (await it or add "
                + ".catch()): Error: the update failed");
        assertThat(line.message()).contains("forgotten.js:3");
    }

    @Test
    void logLinesShowValuesThatAreNotTextInsteadOfObjectObjectOrNothing() {
        rules.write("logs.js", """
                import { rule, manual } from 'warden';
                export default rule({ id: 'logs', triggers: [manual()], run({ log }) {
                  log.info({ pageId: 7 });
                  console.log('values:', undefined, Symbol('s'), 10n, null, new TypeError('bad'));
                  const cycle = {}; cycle.self = cycle;
                  log.warn('odd fields', { count: 10n });
                } });
                """);
        java.util.List<LogLine> lines = run("logs").logs();
        assertThat(lines).extracting(LogLine::message)
                .containsExactly("{\"pageId\":7}", "values: undefined Symbol(s) 10n null TypeError: bad", "odd fields");
        assertThat(lines.get(2).fields()).isEqualTo("{\"unserialisable\":\"Do not know how to serialize a BigInt\"}");
    }
}
