package dev.warden.store.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.warden.config.DatabaseConfig;
import dev.warden.config.Secret;
import dev.warden.runs.Run;
import dev.warden.runs.RunStatus;
import dev.warden.runs.RunStore;
import dev.warden.runs.RunTrigger;
import dev.warden.store.Database;
import dev.warden.testing.SimpleWarden;

class H2HousekeeperTest {

    private static final int RUNS = 1_500;
    private static final String INPUT = "{\"page\":\"" + "x".repeat(5_000) + "\"}";

    @TempDir
    Path dir;

    @Test
    void wardensDefaultDatabaseIsHousekeptAndClosingStopsIt() {
        SimpleWarden setup = new SimpleWarden(dir);
        H2Housekeeper housekeeper;
        try (Database db = Database.open(setup.config().database(), setup.config().paths().data())) {
            housekeeper = db.housekeeper().orElseThrow();
            housekeeper.runPass();
            assertThat(housekeeper.passes()).isPositive();
        }
        long passes = housekeeper.passes();
        housekeeper.runPass();
        assertThat(housekeeper.passes()).as("no pass after the database closed").isEqualTo(passes);
    }

    @Test
    void aDatabaseThatH2KeepsItselfOrThatHasNoFileIsNotHousekept() {
        try (Database delayed = open("jdbc:h2:file:" + dir.resolve("delayed") + ";WRITE_DELAY=500");
             Database memory = open("jdbc:h2:mem:housekeeping;DB_CLOSE_DELAY=-1")) {
            assertThat(delayed.housekeeper()).isEmpty();
            assertThat(memory.housekeeper()).isEmpty();
        }
    }

    /**
     * 1,500 runs of 5 KB, one commit each, as a trickle of webhooks writes them. H2 alone keeps every chunk that
     * still holds one live page, and all of them for its retention time: here 93 MB for 7.5 MB of runs. Housekept (a
     * pass every 100 ms, chunks kept 500 ms, for the test's speed) the same commits left 34 MB.
     */
    @Test
    void singleRunCommitsKeepTheFileNearTheRunsSizeOnlyWhenHousekept() throws Exception {
        long runs = (long) RUNS * INPUT.length();
        long alone = fileAfterSingleRunCommits(dir.resolve("alone"), false);
        long housekept = fileAfterSingleRunCommits(dir.resolve("housekept"), true);
        assertThat(housekept).as("housekept file against %d bytes with H2 alone, for %d bytes of runs", alone, runs)
                .isLessThan(alone / 2);
    }

    /**
     * Closing the housekeeper while a pass syncs the file leaves the database working. It used to interrupt the pass
     * ({@code shutdownNow}): NIO closes a channel whose thread is interrupted in I/O, and H2's file with it.
     * Housekeepers passing every 2 ms are closed while runs are written, again and again.
     */
    @Test
    void closingTheHousekeeperDuringAPassLeavesTheDatabaseWorking() throws Exception {
        try (Database db = open("jdbc:h2:file:" + dir.resolve("closing").resolve("warden") + ";WRITE_DELAY=0")) {
            db.housekeeper().orElseThrow().close();
            RunStore store = new RunStore(db.dataSource());
            int run = 0;
            for (int round = 0; round < 40; round++) {
                H2Housekeeper busy = H2Housekeeper.startIfNeeded(db.dataSource(), Duration.ofMillis(2), 500)
                        .orElseThrow();
                long until = System.nanoTime() + 20_000_000;
                while (System.nanoTime() < until) {
                    insert(store, run++);
                }
                busy.close();
                insert(store, run++);
            }
            assertThat(store.get(String.format("01H%023d", run - 1))).as("written after the last close").isPresent();
        }
    }

    private static void insert(RunStore store, int i) {
        Instant at = Instant.now();
        store.insert(new Run(String.format("01H%023d", i), "r", "r.js", "v", new RunTrigger("webhook", "h"),
                RunStatus.SUCCEEDED, at, at, at, INPUT, "{}", null, "[]"));
    }

    private long fileAfterSingleRunCommits(Path folder, boolean housekept) throws Exception {
        try (Database db = open("jdbc:h2:file:" + folder.resolve("warden") + ";WRITE_DELAY=0;PAGE_SIZE=65536")) {
            db.housekeeper().orElseThrow().close();
            Optional<H2Housekeeper> ours = housekept
                    ? H2Housekeeper.startIfNeeded(db.dataSource(), Duration.ofMillis(100), 500) : Optional.empty();
            try {
                RunStore store = new RunStore(db.dataSource());
                for (int i = 0; i < RUNS; i++) {
                    insert(store, i);
                    Thread.sleep(2);
                }
                Thread.sleep(1_000);
                ours.ifPresent(H2Housekeeper::runPass);
                return Files.size(folder.resolve("warden.mv.db"));
            } finally {
                ours.ifPresent(H2Housekeeper::close);
            }
        }
    }

    private Database open(String url) {
        return Database.open(new DatabaseConfig(url, "", Secret.empty()), dir);
    }
}
