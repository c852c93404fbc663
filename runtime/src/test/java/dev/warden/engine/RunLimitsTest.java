package dev.warden.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.warden.config.EngineConfig;
import dev.warden.runs.RunStatus;
import dev.warden.testing.RulesFolder;

/** Infinite loops, runaway allocation and statement limits end the run, never the worker or the JVM. */
class RunLimitsTest {

    @TempDir
    Path dir;
    RulesFolder rules;

    @AfterEach
    void tearDown() {
        rules.close();
    }

    private RunOutcome run(String id) {
        return rules.engine().execute(rules.catalog().rule(id), new RunInvocation("01T", "{}"));
    }

    private void writeRules() {
        rules.write("limits.js", """
                import { rule, manual } from 'warden';
                let runs = 0;
                export const spin = rule({ id: 'spin', timeout: '300ms', triggers: [manual()], run() { while (true) {} } });
                export const bomb = rule({ id: 'bomb', timeout: '60s', triggers: [manual()], run() {
                  const hoard = [];
                  while (true) hoard.push(new Array(100000).fill(1.5));
                } });
                export const count = rule({ id: 'count', triggers: [manual()], run() { runs++; return runs; } });
                """);
    }

    @Test
    void infiniteLoopEndsTimedOutAndTheWorkerKeepsServing() {
        rules = new RulesFolder(dir);
        writeRules();
        long started = System.nanoTime();
        RunOutcome outcome = run("spin");
        assertThat(outcome.status()).isEqualTo(RunStatus.TIMED_OUT);
        assertThat(outcome.error().message()).contains("timeout of 300ms");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        assertThat(run("count").status()).isEqualTo(RunStatus.SUCCEEDED);
    }

    @Test
    void aFileWhoseTopLevelTakesLongerThanARulesTimeoutStillRunsThatRuleAndAnEndlessTopLevelSaysSo() {
        rules = new RulesFolder(dir);
        rules.write("slow-load.js", """
                import { rule, manual } from 'warden';
                const end = Date.now() + 1000;
                while (Date.now() < end) {}
                export default rule({ id: 'quick', timeout: '300ms', triggers: [manual()], run: () => 'ran' });
                """);
        RunOutcome outcome = run("quick");
        assertThat(outcome.error()).as("loading the file is not the rule's run").isNull();
        assertThat(outcome.result()).isEqualTo("\"ran\"");

        // Compiled while its top level was quick; by the time a worker loads it, the top level never ends.
        long from = System.currentTimeMillis() + 1500;
        rules.write("endless-load.js", """
                import { rule, manual } from 'warden';
                if (Date.now() > %d) { while (true) {} }
                export default rule({ id: 'endless', triggers: [manual()], run: () => 1 });
                """.formatted(from));
        assertThat(rules.catalog().rule("endless")).isNotNull();
        while (System.currentTimeMillis() <= from) {
            Thread.onSpinWait();
        }
        RunOutcome endless = run("endless");
        assertThat(endless.status()).isEqualTo(RunStatus.FAILED);
        assertThat(endless.error().code()).isEqualTo("LOAD_ERROR");
        assertThat(endless.error().message()).contains("endless-load.js", "took longer than 10s", "inside run()");
        assertThat(run("quick").result()).isEqualTo("\"ran\"");
    }

    @Test
    void cancelRequestedBeforeTheRunStartsStillStopsIt() {
        rules = new RulesFolder(dir);
        rules.write("forever.js", """
                import { rule, manual } from 'warden';
                export default rule({ id: 'forever', timeout: '10m', triggers: [manual()], run() { while (true) {} } });
                """);
        rules.engine().cancel("01EARLY");
        RunOutcome outcome = rules.engine().execute(rules.catalog().rule("forever"), new RunInvocation("01EARLY", "{}"));
        assertThat(outcome.status()).isEqualTo(RunStatus.CANCELLED);
    }

    @Test
    void moduleStatePersistsBetweenRunsOnTheSameWorker() {
        rules = new RulesFolder(dir);
        writeRules();
        run("count");
        assertThat(run("count").result()).isEqualTo("2");
    }

    @Test
    void heapBombIsCancelledByTheGuardAndTheNextRuleRuns() {
        rules = new RulesFolder(dir, new EngineConfig(2, Duration.ofSeconds(30), Duration.ofMinutes(15), 0, 60, 64,
                1000));
        writeRules();
        RunOutcome outcome = run("bomb");
        assertThat(outcome.status()).isEqualTo(RunStatus.FAILED);
        assertThat(outcome.error().code()).isEqualTo("MEMORY_GUARD");
        System.gc();
        RunOutcome next = run("count");
        assertThat(next.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(next.result()).isEqualTo("1");
    }

    @Test
    void statementLimitStopsARunThatExceedsIt() {
        rules = new RulesFolder(dir, new EngineConfig(2, Duration.ofSeconds(30), Duration.ofMinutes(15), 100_000, 85,
                64, 1000));
        rules.write("busy.js", """
                import { rule, manual } from 'warden';
                export default rule({ id: 'busy', triggers: [manual()], run() { let i = 0; while (i < 1e9) i++; } });
                export const small = rule({ id: 'small', triggers: [manual()], run() { let i = 0; while (i < 100) i++; return i; } });
                """);
        RunOutcome outcome = run("busy");
        assertThat(outcome.status()).isEqualTo(RunStatus.FAILED);
        assertThat(outcome.error().code()).isEqualTo("STATEMENT_LIMIT");
        assertThat(run("small").result()).isEqualTo("100");
        assertThat(run("small").result()).isEqualTo("100");
    }

    @Test
    void asyncRuleResultIsAwaited() {
        rules = new RulesFolder(dir);
        rules.write("async.js", """
                import { rule, manual } from 'warden';
                const later = (v) => Promise.resolve(v);
                export default rule({ id: 'async', triggers: [manual()], async run() { return { n: await later(41) + 1 }; } });
                export const never = rule({ id: 'never', triggers: [manual()], run() { return new Promise(() => {}); } });
                export const rejects = rule({ id: 'rejects', triggers: [manual()], async run() { await null; throw new TypeError('nope'); } });
                """);
        assertThat(run("async").result()).isEqualTo("{\"n\":42}");
        assertThat(run("never").error().message()).contains("never settled");
        RunOutcome rejected = run("rejects");
        assertThat(rejected.error().message()).contains("TypeError: nope");
        assertThat(rejected.error().line()).isEqualTo(5);
    }

    @Test
    void resultThatIsNotJsonFailsWithAClearError() {
        rules = new RulesFolder(dir);
        rules.write("cyclic.js", """
                import { rule, manual } from 'warden';
                export default rule({ id: 'cyclic', triggers: [manual()], run() { const a = {}; a.self = a; return a; } });
                """);
        RunOutcome outcome = run("cyclic");
        assertThat(outcome.error().code()).isEqualTo("RESULT_NOT_JSON");
    }
}
