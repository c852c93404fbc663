package dev.warden.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.warden.rules.ConcurrencyPolicy;
import dev.warden.rules.MisfirePolicy;
import dev.warden.rules.RuleDefinition;
import dev.warden.rules.RuleProblem;
import dev.warden.testing.RulesFolder;

class ScheduleValidationTest {

    @RegisterExtension
    final RulesFolder rules = RulesFolder.perTest();

    private List<String> problems(String source) {
        rules.write("r.js", source);
        return rules.catalog().snapshot().problems().getOrDefault("r.js", List.of()).stream()
                .map(RuleProblem::toString).toList();
    }

    @Test
    void policiesDefaultToRunOnceAndSkipAndAreReadFromBothForms() {
        rules.write("a.js", """
                import { rule, when, every } from 'warden';
                export const a = rule({ id: 'a', triggers: [every('1m')], run: () => 1 });
                export const b = rule({ id: 'b', misfire: 'skip', concurrency: 'allow', triggers: [every('1m')],
                  run: () => 1 });
                export const c = when('c').every('1m').misfire('skip').concurrency('queue').then(() => 1);
                """);
        RuleDefinition a = rules.catalog().rule("a").definition();
        assertThat(a.misfire()).isEqualTo(MisfirePolicy.RUN_ONCE);
        assertThat(a.concurrency()).isEqualTo(ConcurrencyPolicy.SKIP);
        assertThat(rules.catalog().rule("b").definition().concurrency()).isEqualTo(ConcurrencyPolicy.ALLOW);
        RuleDefinition c = rules.catalog().rule("c").definition();
        assertThat(c.misfire()).isEqualTo(MisfirePolicy.SKIP);
        assertThat(c.concurrency()).isEqualTo(ConcurrencyPolicy.QUEUE);
    }

    @Test
    void unknownPoliciesAreProblemsAtTheirField() {
        assertThat(problems("""
                import { rule, every } from 'warden';
                export default rule({ id: 'r', misfire: 'all', concurrency: 'parallel', triggers: [every('1m')],
                  run: () => 1 });
                """)).containsExactly(
                "r.js:2:32: misfire 'all' is not one of 'run-once' or 'skip'",
                "r.js:2:48: concurrency 'parallel' is not one of 'allow', 'skip' or 'queue'");
    }

    @Test
    void invalidAndNeverFiringCronExpressionsAreProblemsAtTheirTrigger() {
        assertThat(problems("""
                import { rule, cron } from 'warden';
                export default rule({ id: 'r', run: () => 1, triggers: [
                  cron('0 0 25 * * ?'),
                  cron('0 0 0 30 2 ?'),
                ] });
                """)).satisfiesExactly(
                p -> assertThat(p).startsWith("r.js:3:3: invalid cron expression '0 0 25 * * ?'"),
                p -> assertThat(p).isEqualTo("r.js:4:3: cron expression '0 0 0 30 2 ?' never fires (no such date "
                        + "from now on)"));
    }

    @Test
    void startAtAndEndAtMustBeDateTimesInOrder() {
        assertThat(problems("""
                import { rule, cron, every } from 'warden';
                export default rule({ id: 'r', run: () => 1, triggers: [
                  every('1h', { startAt: 'tomorrow' }),
                  cron('0 0 8 * * ?', { startAt: '2025-06-01T00:00', endAt: '2025-05-01', zone: 'Europe/Berlin' }),
                  every('1h', { startAt: new Date(Date.UTC(2025, 0, 1)), endAt: '2025-01-02T00:00:00+01:00' }),
                ] });
                """)).containsExactly(
                "r.js:3:3: startAt: 'tomorrow' is not a date-time; write e.g. 2025-01-01T08:00:00Z, "
                        + "2025-01-01T08:00+01:00, or 2025-01-01T08:00 (in the trigger's zone)",
                "r.js:4:3: endAt 2025-05-01 is not after startAt 2025-06-01T00:00");
    }

    @Test
    void everyLongerThanAYearIsAProblemAtItsTrigger() {
        assertThat(problems("""
                import { rule, every } from 'warden';
                export default rule({ id: 'r', run: () => 1, triggers: [
                  every('99999999999999d'),
                  every('367d'),
                  every('366d'),
                ] });
                """)).containsExactly(
                "r.js:3:3: every('99999999999999d') is longer than the maximum of 366d; for rarer schedules use "
                        + "cron(), e.g. cron('0 0 0 1 1 ?') once a year",
                "r.js:4:3: every('367d') is longer than the maximum of 366d; for rarer schedules use cron(), e.g. "
                        + "cron('0 0 0 1 1 ?') once a year");
    }

    @Test
    void aCronWindowAheadWithNoFireInItIsAProblemAtItsTriggerButAnEndedWindowIsNot() {
        assertThat(problems("""
                import { rule, cron } from 'warden';
                export default rule({ id: 'r', run: () => 1, triggers: [
                  cron('0 0 0 1 1 ? 2027', { startAt: '2090-01-01' }),
                  cron('0 0 0 1 1 ?', { startAt: '2090-02-01', endAt: '2090-12-31' }),
                  cron('0 0 0 1 1 ?', { startAt: '2090-01-01', endAt: '2090-01-02' }),
                  cron('0 0 0 1 1 ?', { startAt: '2020-02-01', endAt: '2020-12-31' }),
                ] });
                """)).containsExactly(
                "r.js:3:3: cron expression '0 0 0 1 1 ? 2027' never fires at or after its startAt 2090-01-01",
                "r.js:4:3: cron expression '0 0 0 1 1 ?' never fires between its startAt 2090-02-01 and its endAt "
                        + "2090-12-31");
    }
}
