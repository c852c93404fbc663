package dev.warden.runs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;


import dev.warden.store.Database;
import dev.warden.testing.SimpleWarden;

/** Run records persist in the H2 file store, survive restarts, and are pruned by retention. */
class RunRecordsTest {

    @TempDir
    Path dir;

    private static final String RULE = """
            import { rule, manual } from 'warden';
            export default rule({ id: 'r', triggers: [manual()], run({ event }) { return event.body; } });
            """;

    @Test
    void runsSurviveARestart() throws Exception {
        SimpleWarden first = new SimpleWarden(dir);
        Files.createDirectories(first.rulesDir());
        Files.writeString(first.rulesDir().resolve("r.js"), RULE);
        first.start();
        String id = first.post("/api/v1/rules/r/runs?wait=10s", "{\"k\":1}").json().path("id").asText();
        first.stop();
        try (SimpleWarden second = new SimpleWarden(dir).start()) {
            assertThat(second.get("/api/v1/runs/" + id).json().path("result").path("k").asInt()).isEqualTo(1);
        }
    }

    @Test
    void queuedRunsLeftByAStopRunAfterRestartAndRunningOnesAreMarkedInterrupted() throws Exception {
        SimpleWarden setup = new SimpleWarden(dir);
        Files.createDirectories(setup.rulesDir());
        Files.writeString(setup.rulesDir().resolve("r.js"), RULE);
        try (Database db = Database.open(setup.config().database(), setup.config().paths().data())) {
            RunStore store = new RunStore(db.dataSource());
            store.insert(new Run("01AAAAAAAAAAAAAAAAAAAAAAAA", "r", "r.js", "v", new RunTrigger("manual", null),
                    RunStatus.QUEUED, Instant.now(), null, null, "{\"k\":7}", null, null, null));
            store.insert(new Run("01AAAAAAAAAAAAAAAAAAAAAAAB", "r", "r.js", "v", new RunTrigger("manual", null),
                    RunStatus.RUNNING, Instant.now(), Instant.now(), null, "{}", null, null, null));
        }
        try (SimpleWarden warden = setup.start()) {
            Run resumed = warden.warden().runs().completion("01AAAAAAAAAAAAAAAAAAAAAAAA").get();
            assertThat(resumed.status()).isEqualTo(RunStatus.SUCCEEDED);
            assertThat(resumed.result()).isEqualTo("{\"k\":7}");
            Run interrupted = warden.warden().runs().store().get("01AAAAAAAAAAAAAAAAAAAAAAAB").orElseThrow();
            assertThat(interrupted.status()).isEqualTo(RunStatus.FAILED);
            assertThat(interrupted.error()).contains("INTERRUPTED");
        }
    }

    @Test
    void retentionRemovesOldRunsAndKeepsTheNewestN() throws Exception {
        SimpleWarden setup = new SimpleWarden(dir);
        try (Database db = Database.open(setup.config().database(), setup.config().paths().data())) {
            RunStore store = new RunStore(db.dataSource());
            Instant now = Instant.now();
            for (int i = 0; i < 10; i++) {
                Instant created = i < 3 ? now.minus(Duration.ofDays(40)) : now;
                store.insert(new Run(String.format("01B%023d", i), "r", "r.js", "v", new RunTrigger("manual", null),
                        RunStatus.SUCCEEDED, created, created, created, null, null, null, null));
            }
            store.insert(new Run(String.format("01A%023d", 0), "r", "r.js", "v", new RunTrigger("manual", null),
                    RunStatus.QUEUED, now.minus(Duration.ofDays(40)), null, null, null, null, null, null));
            int removed = store.purge(now.minus(Duration.ofDays(30)), 5);
            assertThat(removed).isEqualTo(5);
            assertThat(store.list(new RunQuery(null, null, null, 100))).extracting(Run::id)
                    .containsExactly(String.format("01B%023d", 9), String.format("01B%023d", 8),
                            String.format("01B%023d", 7), String.format("01B%023d", 6), String.format("01B%023d", 5),
                            String.format("01A%023d", 0));
        }
    }

    @Test
    void hugeResultIsStoredAsATruncationNoteThatIsStillJson() {
        String big = "{\"blob\":\"" + "x".repeat(100_000) + "\"}";
        String stored = RunInput.cappedResult(big);
        assertThat(stored.length()).isLessThan(2000);
        assertThat(RunInput.parse(stored).path("truncated").asBoolean()).isTrue();
        assertThat(RunInput.parse(stored).path("chars").asInt()).isEqualTo(big.length());
    }
}
