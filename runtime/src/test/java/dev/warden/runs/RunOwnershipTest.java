package dev.warden.runs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.warden.config.DatabaseConfig;
import dev.warden.config.Secret;
import dev.warden.store.Database;

/** Two instances' run stores on one real H2 database: who may take over, and who may start, a run. */
class RunOwnershipTest {

    @TempDir
    Path dir;
    Database database;
    RunStore first;
    RunStore second;

    @BeforeEach
    void setUp() {
        database = Database.open(new DatabaseConfig("jdbc:h2:file:" + dir.resolve("warden"), "", Secret.empty()), dir);
        first = new RunStore(database.dataSource(), "first");
        second = new RunStore(database.dataSource(), "second");
    }

    @AfterEach
    void tearDown() {
        database.close();
    }

    private static Run queued(String id, RunTrigger trigger) {
        return new Run(id, "tick", "tick.js", "v1", trigger, RunStatus.QUEUED, Instant.now(), null, null, null, null,
                null, null);
    }

    /** A queued run created now, its id minted from that time as RunService mints it (inFlight reads by id). */
    private static Run queued(RunTrigger trigger) {
        Instant now = Instant.now();
        return new Run(RunIds.next(now), "tick", "tick.js", "v1", trigger, RunStatus.QUEUED, now, null, null, null,
                null, null, null);
    }

    @Test
    void anOrphanedRunIsClaimedByOneInstanceOnlyAndOnlyTheClaimerMayStartIt() {
        first.insert(queued("01A", new RunTrigger("manual", null)));
        assertThat(second.claim("01A", "first")).isTrue();
        assertThat(first.claim("01A", "first")).isFalse();
        assertThat(first.markRunning("01A", Instant.now())).isFalse();
        assertThat(second.markRunning("01A", Instant.now())).isTrue();
        assertThat(second.markRunning("01A", Instant.now())).isFalse();
        assertThat(first.owners(RunStatus.RUNNING)).containsEntry("01A", "second");
    }

    @Test
    void scheduledFieldsRoundTripAndTheNewestScheduledRecordIsTheRulesLast() {
        Instant scheduled = Instant.parse("2025-01-06T07:00:00Z");
        Run cron = queued(new RunTrigger("cron", "cron 0 0 8 * * ?", scheduled, true));
        Run manual = queued(new RunTrigger("manual", null));
        first.insert(cron);
        first.insert(manual);
        assertThat(first.get(cron.id()).orElseThrow().trigger())
                .isEqualTo(new RunTrigger("cron", "cron 0 0 8 * * ?", scheduled, true));
        assertThat(first.get(manual.id()).orElseThrow().trigger())
                .isEqualTo(new RunTrigger("manual", null, null, null));
        assertThat(first.lastScheduled().get("tick").id()).isEqualTo(cron.id());
        assertThat(first.inFlight("tick", Instant.now().minusSeconds(60))).contains(cron.id());
        first.finish(cron.id(), RunStatus.SUCCEEDED, Instant.now(), null, null, "[]");
        first.finish(manual.id(), RunStatus.SUCCEEDED, Instant.now(), null, null, "[]");
        assertThat(first.inFlight("tick", Instant.now().minusSeconds(60))).isEmpty();
    }
}
