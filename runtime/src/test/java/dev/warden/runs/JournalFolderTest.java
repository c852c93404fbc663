package dev.warden.runs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.warden.config.DatabaseConfig;
import dev.warden.config.Secret;
import dev.warden.store.Database;
import dev.warden.store.StoreException;
import dev.warden.testing.RulesFolder;

/**
 * The run journal's folder ({@code paths.journal}) can be moved between starts without losing a run accepted before
 * a crash, and two Wardens cannot share one.
 */
@org.junit.jupiter.api.Timeout(60)
class JournalFolderTest {

    @TempDir
    Path dir;

    private Database database() {
        return Database.open(new DatabaseConfig("jdbc:h2:file:" + dir.resolve("data/db") + ";DB_CLOSE_ON_EXIT=FALSE",
                "", Secret.empty()), dir.resolve("data"));
    }

    private static Run accepted(String id, int n) {
        return new Run(id, "count", "count.js", "v1", new RunTrigger("webhook", "count"), RunStatus.QUEUED,
                Instant.parse("2026-12-07T10:00:00Z"), null, null, "{\"n\":" + n + "}", null, null, null);
    }

    /** What a Warden that died right after answering 202 leaves: the run in its journal only. */
    private static void crashedWith(Path journalDir, Run run) {
        try (RunJournal crashed = new RunJournal(journalDir.resolve(JournalFolder.JOURNAL))) {
            crashed.accepted(List.of(run), null, () -> null);
        }
    }

    /** The rule the journaled runs belong to: it answers the run's input n. */
    private static void countRule(RulesFolder rules) {
        rules.write("count.js", """
                import { rule, webhook } from 'warden';
                export default rule({ id: 'count', triggers: [webhook('count')], run: ({ event }) => event.body.n });
                """);
    }

    private RunService service(RulesFolder rules, RunStore store, Path journalDir) {
        return service(rules, store, dir.resolve("data"), journalDir);
    }

    private static RunService service(RulesFolder rules, RunStore store, Path dataDir, Path journalDir) {
        return new RunService(rules.catalog(), rules.engine(), store, RulesFolder.defaults(), Clock.systemUTC(),
                dataDir, journalDir);
    }

    @Test
    void runsAcceptedBeforeACrashAreRecoveredFromWhereTheJournalWasWhenItsFolderChanges() throws Exception {
        Path data = dir.resolve("data");
        Path elsewhere = dir.resolve("journal-elsewhere");
        try (Database database = database(); RulesFolder rules = new RulesFolder(dir.resolve("rules"))) {
            countRule(rules);
            RunStore store = new RunStore(database.dataSource());
            // Left in the data folder (where the journal was before paths.journal was set), then the setting is set.
            assertRecoveredAfterMoving(rules, store, data, elsewhere, "01MOVED0000000000000000001", 1);
            // Left in that folder, then the setting is removed: the data folder's record still finds it.
            assertRecoveredAfterMoving(rules, store, elsewhere, data, "01MOVED0000000000000000002", 2);
            assertThat(store.get("01MOVED0000000000000000001").orElseThrow().status()).isEqualTo(RunStatus.SUCCEEDED);
        }
    }

    /**
     * A run accepted into the journal in {@code from} before a crash is stored and run by a start whose journal is in
     * {@code to}; the old journal is gone after, and the data folder names {@code to}.
     */
    private void assertRecoveredAfterMoving(RulesFolder rules, RunStore store, Path from, Path to, String id, int n)
            throws Exception {
        crashedWith(from, accepted(id, n));
        try (RunService runs = service(rules, store, to)) {
            runs.recover();
            assertThat(runs.completion(id).join().result()).isEqualTo(String.valueOf(n));
        }
        assertThat(from.resolve(JournalFolder.JOURNAL)).doesNotExist();
        assertThat(Files.readAllLines(dir.resolve("data").resolve(JournalFolder.LOCATION)).getFirst())
                .isEqualTo(to.toAbsolutePath().normalize().toString());
    }

    @Test
    void aSecondWardenOnTheSameJournalFolderIsRefusedAndTheFirstKeepsIt() {
        Path shared = dir.resolve("shared-journal");
        try (Database database = database(); RulesFolder rules = new RulesFolder(dir.resolve("rules"))) {
            RunStore store = new RunStore(database.dataSource());
            try (RunService first = service(rules, store, shared)) {
                assertThatThrownBy(() -> new RunService(rules.catalog(), rules.engine(), store,
                        RulesFolder.defaults(), Clock.systemUTC(), dir.resolve("other-data"), shared))
                        .isInstanceOf(StoreException.class)
                        .hasMessageContaining("the run journal in " + shared.toAbsolutePath().normalize()
                                + " is in use by another Warden");
                first.recover();
            }
            // Released at close: the next start takes it.
            try (RunService again = service(rules, store, shared)) {
                again.recover();
            }
        }
    }

    @Test
    void aCopyOfADataFolderRecoversItsOwnCopyOfTheJournalAndLeavesTheOriginalsAlone() throws Exception {
        Path original = dir.resolve("data-a");
        Path copy = dir.resolve("data-b");
        try (Database database = database(); RulesFolder rules = new RulesFolder(dir.resolve("rules"))) {
            countRule(rules);
            RunStore store = new RunStore(database.dataSource());
            // The original ran (which recorded its journal's folder), then died with a run only in its journal.
            try (RunService runs = service(rules, store, original, original)) {
                runs.recover();
            }
            crashedWith(original, accepted("01COPIED000000000000000001", 7));
            Files.createDirectories(copy);
            try (var files = Files.list(original)) {
                for (Path file : files.filter(f -> !f.getFileName().toString().endsWith(".lock")).toList()) {
                    Files.copy(file, copy.resolve(file.getFileName()));
                }
            }
            try (RunService runs = service(rules, store, copy, copy)) {
                runs.recover();
                assertThat(runs.completion("01COPIED000000000000000001").join().result()).isEqualTo("7");
            }
            assertThat(original.resolve(JournalFolder.JOURNAL)).as("the original's journal is its own").exists();
            assertThat(Files.readAllLines(copy.resolve(JournalFolder.LOCATION)))
                    .containsExactly(copy.toString(), "data: " + copy);
        }
    }
}
