package dev.warden.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import dev.warden.testing.ScheduleWarden;

/**
 * Two Warden instances on one PostgreSQL (started from Maven, no system PostgreSQL) with the same rules: Quartz's
 * store is clustered, so each fire runs once between them, and the survivor keeps firing when one stops.
 */
class ClusterTest {

    static EmbeddedPostgres postgres;

    @TempDir
    Path dir;
    ScheduleWarden first;
    ScheduleWarden second;

    @BeforeAll
    static void startPostgres() throws IOException {
        postgres = EmbeddedPostgres.builder().start();
    }

    @AfterAll
    static void stopPostgres() throws IOException {
        postgres.close();
    }

    @AfterEach
    void tearDown() {
        if (first != null) {
            first.close();
        }
        if (second != null) {
            second.close();
        }
    }

    private ScheduleWarden instance(String name) {
        return new ScheduleWarden(dir.resolve("rules"), dir.resolve("data-" + name))
                .with("WARDEN_DB_URL", postgres.getJdbcUrl("postgres", "postgres"))
                .with("WARDEN_DB_USER", "postgres")
                .with("WARDEN_SCHEDULES_CHECKIN_INTERVAL", "1s");
    }

    /** On-time runs of the tick rule by the fire time they were for, in the window [from, to). */
    private TreeMap<Instant, List<String>> firesBetween(Instant from, Instant to) {
        ScheduleWarden running = second.warden() != null ? second : first;
        return running.query("SELECT scheduled_for, instance_id FROM runs WHERE rule_id = 'tick' AND catch_up = FALSE"
                        + " AND status NOT IN ('MISSED', 'SKIPPED')"
                        + " AND scheduled_for >= ? AND scheduled_for < ?",
                from.toEpochMilli(), to.toEpochMilli()).stream()
                .collect(Collectors.groupingBy(row -> Instant.ofEpochMilli(((Number) row.get("scheduled_for"))
                        .longValue()), TreeMap::new, Collectors.mapping(row -> (String) row.get("instance_id"),
                        Collectors.toList())));
    }

    @Test
    void everyFireRunsExactlyOnceAcrossTwoInstancesAndTheSurvivorKeepsFiring() throws IOException {
        Files.createDirectories(dir.resolve("rules"));
        first = instance("first").write("tick.js", """
                import { rule, every } from 'warden';
                export default rule({ id: 'tick', concurrency: 'allow', triggers: [every('1s')], run: () => 'ok' });
                """).start();
        second = instance("second").start();
        assertThat(first.warden().schedules().clustered()).isTrue();
        assertThat(second.count("SELECT COUNT(*) FROM QRTZ_TRIGGERS")).isEqualTo(1);

        Instant from = Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
        Instant to = from.plusSeconds(20);
        ScheduleWarden.await(Duration.ofSeconds(40), "20 seconds of fires", () -> firesBetween(from, to).size() == 20);
        TreeMap<Instant, List<String>> fires = firesBetween(from, to);
        assertThat(fires.values()).allSatisfy(instances -> assertThat(instances).hasSize(1));

        // Stop the instance that fired last (Quartz often lets one instance take every fire), so the other must
        // take over its schedule.
        String busy = fires.get(fires.lastKey()).getFirst();
        ScheduleWarden stopping = first.warden().runs().store().instanceId().equals(busy) ? first : second;
        ScheduleWarden survivor = stopping == first ? second : first;
        String survivorId = survivor.warden().runs().store().instanceId();
        stopping.stop();
        Instant stopped = Instant.now();
        ScheduleWarden.await(Duration.ofSeconds(30), "five fires after the stop, by the survivor", () ->
                firesBetween(stopped, stopped.plusSeconds(60)).values().stream()
                        .filter(instances -> instances.equals(List.of(survivorId))).count() >= 5);
        assertThat(firesBetween(from, stopped.plusSeconds(60)).values())
                .allSatisfy(instances -> assertThat(instances).hasSize(1));
    }
}
