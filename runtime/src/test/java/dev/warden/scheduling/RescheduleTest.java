package dev.warden.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import dev.warden.testing.ScheduleWarden;

/** Hot reload and enable/disable, proven by what Quartz's own tables hold. */
class RescheduleTest {

    private static final Duration RELOAD = Duration.ofSeconds(30);

    @TempDir
    Path dir;
    ScheduleWarden warden;

    @AfterEach
    void tearDown() {
        warden.close();
    }

    private static String rule(String id, String description, String... triggers) {
        return """
                import { rule, cron, every, manual } from 'warden';
                export default rule({ id: '%s', description: '%s', triggers: [%s], run: () => 'ok' });
                """.formatted(id, description, String.join(", ", triggers));
    }

    private long jobs() {
        return warden.count("SELECT COUNT(*) FROM QRTZ_JOB_DETAILS");
    }

    private long triggers() {
        return warden.count("SELECT COUNT(*) FROM QRTZ_TRIGGERS");
    }

    private List<Map<String, Object>> triggersOf(String ruleId) {
        return warden.query("SELECT TRIGGER_NAME, START_TIME, NEXT_FIRE_TIME FROM QRTZ_TRIGGERS WHERE JOB_NAME = ?",
                ruleId);
    }

    @Test
    void changingTriggersReschedulesOnceAndUnchangedTriggersKeepTheirPlace() {
        warden = new ScheduleWarden(dir)
                .write("a.js", rule("a", "first", "every('1h')"))
                .write("b.js", rule("b", "b", "cron('0 0 8 * * ?')", "every('30m')"))
                .write("c.js", rule("c", "marker", "every('1h')"))
                .start();
        assertThat(jobs()).isEqualTo(3);
        assertThat(triggers()).isEqualTo(4);
        Map<String, Object> before = triggersOf("a").getFirst();
        Object marker = triggersOf("c").getFirst().get("trigger_name");

        // A change that leaves a's trigger alone; c's new trigger shows when the reload has been synced.
        warden.write("a.js", rule("a", "second", "every('1h')")).write("c.js", rule("c", "marker", "every('2h')"));
        // One query per poll: the sync replaces c's trigger, so a second query could find none in between.
        ScheduleWarden.await(RELOAD, "c rescheduled", () -> {
            List<Map<String, Object>> c = triggersOf("c");
            return !c.isEmpty() && !c.getFirst().get("trigger_name").equals(marker);
        });
        assertThat(warden.warden().catalog().rule("a").definition().description()).isEqualTo("second");
        assertThat(triggersOf("a")).containsExactly(before);
        assertThat(triggers()).isEqualTo(4);

        warden.write("a.js", rule("a", "second", "every('2h')"));
        // The sync removes a's old trigger before it adds the new one, so a poll can find none in between.
        ScheduleWarden.await(RELOAD, "a rescheduled", () -> {
            List<Map<String, Object>> a = triggersOf("a");
            return !a.isEmpty() && !a.getFirst().get("trigger_name").equals(before.get("trigger_name"));
        });
        assertThat(triggersOf("a")).hasSize(1);
        assertThat(jobs()).isEqualTo(3);
        assertThat(triggers()).isEqualTo(4);

        warden.write("b.js", rule("b", "b", "cron('0 0 8 * * ?')"));
        ScheduleWarden.await(RELOAD, "b's every trigger removed", () -> triggersOf("b").size() == 1);
        assertThat(triggers()).isEqualTo(3);

        warden.delete("b.js");
        ScheduleWarden.await(RELOAD, "b unscheduled", () -> jobs() == 2);
        assertThat(triggers()).isEqualTo(2);
        assertThat(triggersOf("b")).isEmpty();

        warden.write("c.js", rule("c", "marker", "manual()"));
        ScheduleWarden.await(RELOAD, "c no longer scheduled", () -> jobs() == 1);
        assertThat(triggers()).isEqualTo(1);
    }

    @Test
    void aDisabledRuleKeepsNoTriggerAcrossRestartsUntilEnabled() {
        warden = new ScheduleWarden(dir).write("a.js", rule("a", "a", "cron('0 0 8 * * ?')", "every('1h')")).start();
        assertThat(triggersOf("a")).hasSize(2);

        assertThat(warden.post("/api/v1/rules/a/disable", 200).get("enabled").asBoolean()).isFalse();
        assertThat(jobs()).isZero();
        assertThat(triggers()).isZero();
        JsonNode listed = warden.get("/api/v1/rules").get("rules").get(0);
        assertThat(listed.get("enabled").asBoolean()).isFalse();
        assertThat(listed.get("schedule").has("nextFire")).isFalse();
        JsonNode schedule = warden.get("/api/v1/rules/a/schedule");
        assertThat(schedule.get("enabled").asBoolean()).isFalse();
        assertThat(schedule.get("next")).isEmpty();

        warden.stop();
        warden.start();
        assertThat(triggers()).isZero();
        assertThat(warden.get("/api/v1/rules/a").get("rule").get("enabled").asBoolean()).isFalse();

        warden.post("/api/v1/rules/a/enable", 200);
        assertThat(triggersOf("a")).hasSize(2);
        assertThat(warden.get("/api/v1/rules/a/schedule?next=2").get("next")).hasSize(2);
        warden.post("/api/v1/rules/nope/disable", 404);
    }
}
