package dev.warden.runs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.warden.config.DatabaseConfig;
import dev.warden.config.Secret;
import dev.warden.store.Database;
import dev.warden.testing.RulesFolder;

/** The start journal tells a run that had started before a crash from one that had not, after the restart. */
class StartJournalTest {

    @TempDir
    Path dir;

    private static Run queued(String id) {
        return new Run(id, "count", "count.js", "v1", new RunTrigger("manual", null), RunStatus.QUEUED,
                Instant.now(), null, null, "{}", null, null, null);
    }

    @Test
    void queuedRunThatHadStartedIsFailedAfterACrashAndOneThatHadNotRuns() {
        try (Database database = Database.open(new DatabaseConfig("jdbc:h2:file:" + dir.resolve("data/db")
                + ";DB_CLOSE_ON_EXIT=FALSE", "", Secret.empty()), dir.resolve("data"));
             RulesFolder rules = new RulesFolder(dir.resolve("rules"))) {
            rules.write("count.js", """
                    import { rule, manual } from 'warden';
                    export default rule({ id: 'count', triggers: [manual()], run: () => 'ran' });
                    """);
            RunStore store = new RunStore(database.dataSource());
            store.insert(queued("STARTED"));
            store.insert(queued("WAITING"));
            try (StartJournal crashed = new StartJournal(dir.resolve("data/started-runs.log"))) {
                crashed.started("STARTED", () -> { });
            }
            try (RunService runs = new RunService(rules.catalog(), rules.engine(), store, RulesFolder.defaults(),
                    Clock.systemUTC(), dir.resolve("data"))) {
                runs.recover();
                assertThat(runs.completion("WAITING").join().status()).isEqualTo(RunStatus.SUCCEEDED);
                Run started = store.get("STARTED").orElseThrow();
                assertThat(started.status()).isEqualTo(RunStatus.FAILED);
                assertThat(started.error()).contains("INTERRUPTED");
            }
        }
    }

    @Test
    void journalRollsOverAndDropsTheOldFileOnlyOnceTheStoreHasCaughtUp() throws Exception {
        Path file = dir.resolve("started-runs.log");
        try (StartJournal journal = new StartJournal(file, 64)) {
            for (int i = 0; i < 4; i++) {
                journal.started("01RUN00000000000000000000" + i, () -> { });
            }
            CompletableFuture<Void> barrier = new CompletableFuture<>();
            journal.rollIfLarge(() -> barrier);
            Path previous = dir.resolve("started-runs.log.previous");
            assertThat(previous).exists();
            assertThat(journal.started()).hasSize(4);
            journal.started("01RUN000000000000000000009", () -> { });
            barrier.complete(null);
            assertThat(previous).doesNotExist();
            assertThat(journal.started()).containsExactly("01RUN000000000000000000009");
            assertThat(Files.readAllLines(file)).isEqualTo(List.of("01RUN000000000000000000009"));
        }
    }
}
