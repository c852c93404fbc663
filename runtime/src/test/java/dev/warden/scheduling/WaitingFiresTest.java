package dev.warden.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.f4b6a3.ulid.UlidCreator;

import dev.warden.testing.ScheduleWarden;

/** Fires of a concurrency 'queue' rule that wait for an earlier run outlive the process that queued them. */
class WaitingFiresTest {

    private static final String QUICK = """
            import { rule, every } from 'warden';
            export default rule({ id: 'slow', concurrency: 'queue', triggers: [every('1h')],
              run: ({ event }) => event.scheduledFor });
            """;

    @TempDir
    Path dir;
    ScheduleWarden warden;

    @AfterEach
    void tearDown() {
        warden.close();
    }

    private List<Map<String, Object>> waitingRows() {
        return warden.query("SELECT id, event FROM waiting_fires WHERE rule_id = 'slow' ORDER BY id");
    }

    @Test
    void firesStillWaitingWhenWardenStopsRunAfterTheRestartInsteadOfBeingSkipped() {
        warden = new ScheduleWarden(dir).write("slow.js", """
                import { rule, every } from 'warden';
                export default rule({ id: 'slow', concurrency: 'queue', triggers: [every('1s')], timeout: '60s',
                  run() { const end = Date.now() + 20000; while (Date.now() < end) {} return 'slow'; } });
                """).start();
        ScheduleWarden.await(Duration.ofSeconds(20), "two fires waiting", () -> waitingRows().size() >= 2);
        warden.stop();
        List<Long> waited = waitingRows().stream().map(row -> scheduledFor(row.get("event"))).toList();
        assertThat(waited).hasSizeGreaterThanOrEqualTo(2);

        warden.write("slow.js", QUICK).start();
        ScheduleWarden.await(Duration.ofSeconds(20), "the waiting fires ran", () -> waitingRows().isEmpty()
                && waited.stream().allMatch(at -> warden.count("SELECT COUNT(*) FROM runs WHERE rule_id = 'slow' "
                + "AND status = 'SUCCEEDED' AND scheduled_for = ?", at) == 1));
        assertThat(warden.count("SELECT COUNT(*) FROM runs WHERE rule_id = 'slow' AND status = 'SKIPPED'"))
                .as("no fire recorded as skipped at the stop").isZero();
    }

    private static long scheduledFor(Object eventJson) {
        try {
            return Instant.parse(new ObjectMapper().readTree(eventJson.toString()).path("scheduledFor").asText())
                    .toEpochMilli();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aWaitingFireWhoseRunWasRecordedBeforeACrashIsNotRunAgainAndAnUnreadableOneIsDropped() {
        warden = new ScheduleWarden(dir).write("slow.js", QUICK).start();
        warden.stop();
        Instant queued = Instant.now().minusSeconds(5);
        Instant handled = Instant.parse("2026-01-01T10:00:00Z");
        Instant pending = Instant.parse("2026-01-01T10:00:01Z");
        String instance = "some-host:/gone";
        insertWaiting(instance, handled, queued);
        insertWaiting(instance, pending, queued.plusMillis(1));
        warden.update("INSERT INTO waiting_fires (id, instance_id, rule_id, event, queued_at) VALUES (?, ?, 'slow', "
                + "'not json', ?)", UlidCreator.getMonotonicUlid().toString(), instance, queued.toEpochMilli());
        // The crash came after the handled fire's run was submitted, before its waiting row was deleted.
        warden.update("INSERT INTO runs (id, rule_id, trigger_type, trigger_name, status, created_at, scheduled_for) "
                + "VALUES (?, 'slow', 'every', 'every 1s', 'SUCCEEDED', ?, ?)",
                UlidCreator.getMonotonicUlid().toString(), Instant.now().toEpochMilli(), handled.toEpochMilli());

        warden.start();
        ScheduleWarden.await(Duration.ofSeconds(20), "the pending fire ran", () -> warden.count(
                "SELECT COUNT(*) FROM runs WHERE rule_id = 'slow' AND status = 'SUCCEEDED' AND scheduled_for = ?",
                pending.toEpochMilli()) == 1);
        assertThat(waitingRows()).isEmpty();
        assertThat(warden.count("SELECT COUNT(*) FROM runs WHERE rule_id = 'slow' AND scheduled_for = ?",
                handled.toEpochMilli())).as("not run a second time").isEqualTo(1);
    }

    private void insertWaiting(String instance, Instant scheduledFor, Instant queuedAt) {
        String event = "{\"type\":\"every\",\"name\":\"every 1s\",\"firedAt\":\"" + queuedAt + "\",\"scheduledFor\":\""
                + scheduledFor + "\",\"catchUp\":false}";
        warden.update("INSERT INTO waiting_fires (id, instance_id, rule_id, event, queued_at) VALUES (?, ?, 'slow', ?, "
                + "?)", UlidCreator.getMonotonicUlid().toString(), instance, event, queuedAt.toEpochMilli());
    }
}
