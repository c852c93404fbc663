package dev.warden.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import dev.warden.testing.ScheduleWarden;

/** The schedule API over real HTTP, one Warden for the whole class. */
class ScheduleRoutesTest {

    @TempDir
    static Path dir;
    static ScheduleWarden warden;

    @BeforeAll
    static void start() {
        warden = new ScheduleWarden(dir)
                .write("ny.js", """
                        import { rule, cron } from 'warden';
                        export default rule({ id: 'ny', triggers: [cron('0 0 9 * * ?', { zone: 'America/New_York' })],
                          run: () => 1 });
                        """)
                .write("tick.js", """
                        import { rule, every, manual } from 'warden';
                        export const tick = rule({ id: 'tick', misfire: 'skip', triggers: [every('1s'), manual()],
                          run: () => 1 });
                        export const hand = rule({ id: 'hand', triggers: [manual()], run: () => 1 });
                        """)
                .start();
    }

    @AfterAll
    static void stop() {
        warden.close();
    }

    private static JsonNode listed(String id) {
        for (JsonNode rule : warden.get("/api/v1/rules").get("rules")) {
            if (rule.get("id").asText().equals(id)) {
                return rule;
            }
        }
        throw new AssertionError("rule " + id + " is not listed");
    }

    @Test
    void scheduleListsTheNextFiresInTheRulesZoneAndInUtc() {
        JsonNode schedule = warden.get("/api/v1/rules/ny/schedule?next=5");
        assertThat(schedule.get("enabled").asBoolean()).isTrue();
        assertThat(schedule.get("serverZone").asText()).isEqualTo("Europe/Berlin");
        assertThat(schedule.get("triggers").get(0).asText()).isEqualTo("cron 0 0 9 * * ? (America/New_York)");
        assertThat(schedule.get("next")).hasSize(5);
        Instant previous = Instant.now();
        for (JsonNode fire : schedule.get("next")) {
            OffsetDateTime at = OffsetDateTime.parse(fire.get("at").asText());
            Instant utc = Instant.parse(fire.get("utc").asText());
            assertThat(fire.get("zone").asText()).isEqualTo("America/New_York");
            assertThat(at.toInstant()).isEqualTo(utc);
            assertThat(at.getOffset()).isEqualTo(ZoneId.of("America/New_York").getRules().getOffset(utc));
            assertThat(at.getHour()).isEqualTo(9);
            assertThat(utc).isAfter(previous);
            previous = utc;
        }
        assertThat(Instant.parse(schedule.get("nextFire").asText()))
                .isEqualTo(Instant.parse(schedule.get("next").get(0).get("utc").asText()));
    }

    @Test
    void rulesListShowsEnabledPoliciesAndLastAndNextFire() {
        ScheduleWarden.await(Duration.ofSeconds(10), "a finished scheduled run of tick", () -> {
            JsonNode summary = listed("tick").get("schedule");
            return summary != null && "SUCCEEDED".equals(summary.path("lastStatus").asText());
        });
        JsonNode tick = listed("tick");
        assertThat(tick.get("enabled").asBoolean()).isTrue();
        assertThat(tick.get("misfire").asText()).isEqualTo("skip");
        assertThat(tick.get("concurrency").asText()).isEqualTo("skip");
        JsonNode summary = tick.get("schedule");
        assertThat(Instant.parse(summary.get("nextFire").asText()))
                .isAfter(Instant.parse(summary.get("lastFire").asText()));
        assertThat(warden.get("/api/v1/runs/" + summary.get("lastRun").asText()).get("trigger").get("type").asText())
                .isEqualTo("every");
        JsonNode hand = listed("hand");
        assertThat(hand.get("enabled").asBoolean()).isTrue();
        assertThat(hand.has("schedule")).isFalse();
        assertThat(hand.has("misfire")).isFalse();
    }

    @Test
    void everyFiresAreListedOnConsecutiveSecondsInTheServerZone() {
        JsonNode next = warden.get("/api/v1/rules/tick/schedule?next=3").get("next");
        assertThat(next).hasSize(3);
        assertThat(next.get(0).get("zone").asText()).isEqualTo("Europe/Berlin");
        assertThat(next.get(0).get("trigger").asText()).isEqualTo("every 1s");
        Instant first = Instant.parse(next.get(0).get("utc").asText());
        assertThat(Instant.parse(next.get(2).get("utc").asText())).isEqualTo(first.plusSeconds(2));
    }

    @Test
    void badCountsAndUnknownRulesAreRefused() {
        assertThat(warden.get("/api/v1/rules/ny/schedule?next=0", 400).get("error").get("message").asText())
                .contains("next must be a whole number from 1 to 100");
        warden.get("/api/v1/rules/nope/schedule", 404);
        assertThat(warden.get("/api/v1/rules/hand/schedule").get("next")).isEmpty();
    }
}
