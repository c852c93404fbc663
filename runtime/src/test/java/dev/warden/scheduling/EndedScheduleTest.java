package dev.warden.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import dev.warden.runs.RunQuery;
import dev.warden.runs.RunStatus;
import dev.warden.testing.ScheduleWarden;

/**
 * Triggers that fire no more (their endAt has passed) or cannot be scheduled at all (a startAt past what Quartz
 * holds) are each their own rule's business: the server starts, the other rules keep their schedules.
 */
class EndedScheduleTest {

    private static final Duration RELOAD = Duration.ofSeconds(30);
    private static final String ENDED = """
            import { rule, cron, every } from 'warden';
            export default rule({ id: 'ended', triggers: [
              cron('0 30 2 * * ?', { zone: 'Europe/Berlin', startAt: '2020-03-01', endAt: '2020-03-31' }),
              every('1h', { endAt: '2020-01-01' }),
            ], run: () => 1 });
            """;

    @TempDir
    Path dir;
    ScheduleWarden warden;

    @AfterEach
    void tearDown() {
        if (warden != null) {
            warden.close();
        }
    }

    private static String tick(String interval) {
        return """
                import { rule, every } from 'warden';
                export default rule({ id: 'tick', triggers: [every('%s')], run: () => 'ok' });
                """.formatted(interval);
    }

    private List<Map<String, Object>> triggersOf(String ruleId) {
        return warden.query("SELECT TRIGGER_NAME FROM QRTZ_TRIGGERS WHERE JOB_NAME = ?", ruleId);
    }

    private boolean ticked() {
        return !warden.warden().runs().store().list(new RunQuery("tick", RunStatus.SUCCEEDED, null, 10)).isEmpty();
    }

    @Test
    void triggersWhoseEndAtHasPassedAreListedAsEndedAndTheServerStartsAndFiresTheOthers() {
        warden = new ScheduleWarden(dir).write("ended.js", ENDED).write("tick.js", tick("1s")).start();

        assertThat(triggersOf("ended")).isEmpty();
        JsonNode schedule = warden.get("/api/v1/rules/ended/schedule");
        assertThat(schedule.get("next")).isEmpty();
        assertThat(schedule.has("nextFire") && !schedule.get("nextFire").isNull()).isFalse();
        List<String> ended = new ArrayList<>();
        schedule.get("ended").forEach(e -> ended.add(e.get("trigger").asText() + ": " + e.get("reason").asText()));
        assertThat(ended).containsExactly(
                "cron 0 30 2 * * ? (Europe/Berlin): ended: its endAt 2020-03-31 has passed",
                "every 1h: ended: its endAt 2020-01-01 has passed");
        assertThat(warden.get("/api/v1/rules").get("problems")).isEmpty();
        ScheduleWarden.await(RELOAD, "a run of tick", this::ticked);
        warden.post("/api/v1/rules/tick/disable", 200);
        assertThat(triggersOf("tick")).isEmpty();
    }

    @Test
    void anEndedTriggerAddedWhileRunningLeavesTheOtherRulesChangesToBeApplied() {
        warden = new ScheduleWarden(dir).write("tick.js", tick("5s")).start();
        Object before = triggersOf("tick").getFirst().get("trigger_name");

        warden.write("ended.js", ENDED).write("tick.js", tick("7s"));
        ScheduleWarden.await(RELOAD, "tick rescheduled to every 7s", () -> {
            List<Map<String, Object>> t = triggersOf("tick");
            return !t.isEmpty() && !t.getFirst().get("trigger_name").equals(before);
        });
        assertThat(warden.warden().catalog().rule("ended")).isNotNull();
        assertThat(triggersOf("ended")).isEmpty();
        warden.post("/api/v1/rules/tick/disable", 200);
        assertThat(triggersOf("tick")).isEmpty();
        assertThat(warden.get("/api/v1/rules/tick").get("rule").get("enabled").asBoolean()).isFalse();
    }

    @Test
    void aTriggerQuartzCannotHoldIsItsRulesProblemAtTheTriggerAndTheOtherRulesRun() {
        warden = new ScheduleWarden(dir)
                .write("far.js", """
                        import { rule, every } from 'warden';
                        export default rule({ id: 'far', triggers: [
                          every('1h', { startAt: '+300000000-01-01T00:00:00Z' }),
                        ], run: () => 1 });
                        """)
                .write("tick.js", tick("1s"))
                .start();

        ScheduleWarden.await(RELOAD, "a run of tick", this::ticked);
        assertThat(triggersOf("far")).isEmpty();
        JsonNode problems = warden.get("/api/v1/rules").get("problems");
        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.get("file").asText()).isEqualTo("far.js");
            assertThat(p.get("line").asInt()).isEqualTo(3);
            assertThat(p.get("message").asText()).startsWith("rule far: every 1h cannot be scheduled: ");
        });
        assertThat(warden.get("/api/v1/rules/far").get("problems")).hasSize(1);
        warden.post("/api/v1/rules/tick/disable", 200);
        assertThat(triggersOf("tick")).isEmpty();
    }
}
