package dev.warden.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.warden.runs.RunStatus;
import dev.warden.testing.RulesFolder;

/**
 * What a rule does to its own context stays a failure of its own runs: it cannot forge what Warden stores, slip rule
 * code past the timeout, or leave a half-finished run to act inside the next one.
 */
class RuleIsolationTest {

    @RegisterExtension
    final RulesFolder rules = RulesFolder.perTest();

    private RunOutcome run(String id, String runId) {
        return rules.engine().execute(rules.catalog().rule(id), new RunInvocation(runId, "{}"));
    }

    @Test
    void aRuleThatReplacesJsonStringifyCannotForgeOrBreakItsStoredResult() {
        rules.write("forge.js", """
                import { rule, manual } from 'warden';
                export const forge = rule({ id: 'forge', triggers: [manual()], run() {
                  JSON.stringify = () => '{"ok":true},"status":"FAILED","rule":"someone-else"';
                  return { ok: true };
                } });
                export const number = rule({ id: 'number', triggers: [manual()], run() {
                  JSON.stringify = () => 42;
                  return [1, 2];
                } });
                """);
        RunOutcome forged = run("forge", "01FORGE");
        assertThat(forged.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(forged.result()).isEqualTo("{\"ok\":true}");
        RunOutcome number = run("number", "01NUMBER");
        assertThat(number.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(number.result()).isEqualTo("[1,2]");
        assertThat(run("forge", "01FORGE2").result()).as("the next run of the file too").isEqualTo("{\"ok\":true}");
    }

    @Test
    void aPromiseRejectedWithUndefinedOrNullIsAFailure() {
        rules.write("reject.js", """
                import { rule, manual } from 'warden';
                export const undef = rule({ id: 'undef', triggers: [manual()], async run() { throw undefined; } });
                export const nul = rule({ id: 'nul', triggers: [manual()], run: () => Promise.reject(null) });
                """);
        for (String id : new String[] {"undef", "nul"}) {
            RunOutcome outcome = run(id, "01" + id.toUpperCase());
            assertThat(outcome.status()).as(id).isEqualTo(RunStatus.FAILED);
            assertThat(outcome.error().message()).as(id).contains("the rule failed with");
        }
    }

    @Test
    void anExportedProxyThatLoopsIsStoppedByTheRunsTimeout() {
        rules.write("trap.js", """
                import { rule, manual } from 'warden';
                let armed = false, reads = 0;
                export const trap = new Proxy({ __warden: 'not a rule' }, { get(target, key) {
                  reads++;
                  if (armed) for (;;) {}
                  return target[key];
                } });
                export default rule({ id: 'armed', timeout: '500ms', triggers: [manual()], run() { armed = true; return reads; } });
                """);
        assertThat(rules.catalog().snapshot().problems()).isEmpty();
        // All on one thread: each worker thread has contexts of its own.
        RunOutcome[] outcomes = assertTimeoutPreemptively(Duration.ofSeconds(20),
                () -> new RunOutcome[] {run("armed", "01ARM1"), run("armed", "01ARM2"), run("armed", "01ARM3")});
        assertThat(outcomes[0].status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(outcomes[0].result()).as("the trap was read while the rule was found").isNotEqualTo("0");
        assertThat(outcomes[1].status()).isEqualTo(RunStatus.TIMED_OUT);
        assertThat(outcomes[2].status()).as("a fresh context after the timeout").isEqualTo(RunStatus.SUCCEEDED);
    }

    @Test
    void aThrownProxyThatLoopsWhenReadEndsTimedOutAndARejectionWithAPlainValueIsARuleError() {
        rules.write("thrown.js", """
                import { rule, manual } from 'warden';
                export const thrown = rule({ id: 'thrown', timeout: '1s', triggers: [manual()], run() {
                  throw new Proxy({ message: 'm', name: 'E', stack: 's' }, { get() { for (;;) {} } });
                } });
                export const plain = rule({ id: 'plain', triggers: [manual()], async run() {
                  throw { reason: 'not an Error' };
                } });
                """);
        RunOutcome outcome = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> run("thrown", "01THROWN"));
        assertThat(outcome.status()).as(String.valueOf(outcome.error())).isEqualTo(RunStatus.TIMED_OUT);
        RunOutcome plain = run("plain", "01PLAIN");
        assertThat(plain.error().code()).as(String.valueOf(plain.error())).isEqualTo("RULE_ERROR");
        assertThat(plain.error().message()).contains("not an Error");
    }

    @Test
    void anExportGetterThatLoopsIsAProblemOfItsFileNotAHungStart() {
        rules.write("getter.js", """
                export default { get __warden() { for (;;) {} } };
                """);
        rules.write("fine.js", """
                import { rule, manual } from 'warden';
                export default rule({ id: 'fine', triggers: [manual()], run: () => 'ok' });
                """);
        var catalog = assertTimeoutPreemptively(Duration.ofSeconds(40), () -> rules.catalog());
        assertThat(catalog.snapshot().problems().get("getter.js")).singleElement().asString()
                .contains("ran longer than");
        assertThat(run("fine", "01FINE").result()).isEqualTo("\"ok\"");
    }

    @Test
    void aRunWhosePromiseNeverSettledCannotResumeInsideTheNextRun() {
        rules.write("parked.js", """
                import { rule, manual } from 'warden';
                export default rule({ id: 'parked', triggers: [manual()], async run({ run }) {
                  if (globalThis.resume) { globalThis.resume(); return 'resumed an earlier run'; }
                  await new Promise((resolve) => { globalThis.resume = resolve; });
                  return 'the earlier run went on';
                } });
                """);
        RunOutcome first = run("parked", "01PARK1");
        assertThat(first.error().message()).contains("never settled");
        RunOutcome second = run("parked", "01PARK2");
        assertThat(second.status()).isEqualTo(RunStatus.FAILED);
        assertThat(second.error().message()).as("a fresh context: no resolver left to call").contains("never settled");
    }

    @Test
    void logFieldsTooLargeToKeepAreKeptAsATruncatedStandIn() {
        rules.write("chatty.js", """
                import { rule, manual } from 'warden';
                export default rule({ id: 'chatty', triggers: [manual()], run({ log }) {
                  log.info('big', { blob: 'x'.repeat(1000000) });
                  log.info('small', { n: 1 });
                  return 'ok';
                } });
                """);
        RunOutcome outcome = run("chatty", "01CHATTY");
        assertThat(outcome.logs()).hasSize(2);
        assertThat(outcome.logs().get(0).fields()).startsWith("{").contains("\"truncated\":true")
                .contains("\"chars\":1000011").hasSizeLessThan(1200);
        assertThat(outcome.logs().get(1).fields()).isEqualTo("{\"n\":1}");
    }

    @Test
    void typedArraysStillWorkAfterARuleOverflowedTheStackWhileCreatingOne() {
        rules.write("poison.js", """
                import { rule, manual } from 'warden';
                export const poison = rule({ id: 'poison', triggers: [manual()], run() {
                  const deep = () => { try { return deep(); } catch (e) { return new Uint8Array(1); } };
                  try { deep(); } catch (e) { }
                  return 'done';
                } });
                export const typed = rule({ id: 'typed', triggers: [manual()], run: () => new Uint8Array(16).length });
                """);
        run("poison", "01POISON");
        RunOutcome typed = run("typed", "01TYPED");
        assertThat(typed.status()).as(String.valueOf(typed.error())).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(typed.result()).isEqualTo("16");
    }
}
