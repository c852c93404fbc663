package dev.warden.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import dev.warden.http.Json;
import dev.warden.runs.Run;
import dev.warden.runs.RunQuery;
import dev.warden.runs.RunStatus;
import dev.warden.testing.ScheduleWarden;

class ScheduledFireTest {

    @TempDir
    Path dir;
    ScheduleWarden warden;

    @AfterEach
    void tearDown() {
        warden.close();
    }

    private List<Run> runs(String rule) {
        return warden.warden().runs().store().list(new RunQuery(rule, null, null, 500));
    }

    @Test
    void everySecondRunsTheRuleWithTheScheduledEventOnWholeSeconds() throws Exception {
        warden = new ScheduleWarden(dir).write("tick.js", """
                import { rule, every } from 'warden';
                export default rule({ id: 'tick', triggers: [every('1s')], run: ({ event }) => event });
                """).start();
        ScheduleWarden.await(Duration.ofSeconds(10), "three finished runs", () -> runs("tick").stream()
                .filter(r -> r.status() == RunStatus.SUCCEEDED).count() >= 3);
        for (Run run : runs("tick").stream().filter(r -> r.status() == RunStatus.SUCCEEDED).toList()) {
            assertThat(run.trigger().type()).isEqualTo("every");
            assertThat(run.trigger().name()).isEqualTo("every 1s");
            assertThat(run.trigger().catchUp()).isFalse();
            Instant scheduled = run.trigger().scheduledFor();
            assertThat(scheduled.toEpochMilli() % 1000).isZero();
            JsonNode event = Json.MAPPER.readTree(run.result());
            assertThat(event.get("type").asText()).isEqualTo("every");
            assertThat(event.get("scheduledFor").asText()).isEqualTo(scheduled.toString());
            assertThat(event.get("catchUp").asBoolean()).isFalse();
            assertThat(Instant.parse(event.get("firedAt").asText())).isBetween(scheduled.minusMillis(5), scheduled.plusSeconds(5));
        }
    }
}
