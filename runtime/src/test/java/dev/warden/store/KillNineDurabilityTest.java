package dev.warden.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

import dev.warden.config.ConfigLoader;
import dev.warden.config.WardenConfig;

/**
 * Kills a process that commits to Warden's H2 file as fast as it can with -9 at a random moment, reopens the file
 * as Warden does and checks that every commit the process saw return is there. A stress run, 8-15 s a round, so it
 * runs only when asked: {@code mvn -o -pl runtime surefire:test -Dtest=KillNineDurabilityTest
 * -Dwarden.killNine.rounds=40 -Dwarden.killNine.busyLoops=2}, with {@code -Dwarden.killNine.housekeeping=false} to
 * leave H2Housekeeper off, {@code -Dwarden.killNine.maxMillis} for the longest a child commits before it is killed and
 * {@code -Dwarden.killNine.keep=FOLDER} to keep the files of rounds that lost commits. Without Warden's crash recovery
 * (before {@code H2CrashRecovery}) 3 rounds in 40 lost commits with two busy loops.
 */
@EnabledIfSystemProperty(named = "warden.killNine.rounds", matches = "\\d+")
class KillNineDurabilityTest {

    private static final int ROUNDS = Integer.getInteger("warden.killNine.rounds", 8);
    private static final int BUSY_LOOPS = Integer.getInteger("warden.killNine.busyLoops", 0);
    private static final int THREADS = Integer.getInteger("warden.killNine.threads", 4);
    private static final int MAX_MILLIS = Integer.getInteger("warden.killNine.maxMillis", 2_500);
    private static final String KEEP = System.getProperty("warden.killNine.keep");
    private static final boolean HOUSEKEEPING = Boolean.parseBoolean(
            System.getProperty("warden.killNine.housekeeping", "true"));

    @TempDir
    Path dir;

    @Test
    void everyCommitThatReturnedSurvivesKillNineOfTheCommittingProcess() throws Exception {
        List<Process> busy = new ArrayList<>();
        for (int i = 0; i < BUSY_LOOPS; i++) {
            busy.add(new ProcessBuilder("bash", "-c", "while :; do :; done").start());
        }
        List<String> failures = new ArrayList<>();
        long committed = 0;
        try {
            for (int round = 1; round <= ROUNDS; round++) {
                List<String> lines = killNineWhileCommitting(ThreadLocalRandom.current().nextLong(20, MAX_MILLIS));
                Path kept = KEEP == null ? null : Path.of(KEEP, "round-" + round + ".mv.db");
                if (kept != null) {
                    java.nio.file.Files.createDirectories(kept.getParent());
                    java.nio.file.Files.copy(dir.resolve("data/warden.mv.db"), kept,
                            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
                Lost lost = lost(lines);
                if (kept != null && lost.rows + lost.counters == 0) {
                    java.nio.file.Files.delete(kept);
                }
                committed += lines.size();
                System.out.printf("round %d: %d commits returned, %d rows and %d counters lost%n", round,
                        lines.size(), lost.rows, lost.counters);
                if (lost.rows + lost.counters > 0) {
                    failures.add("round " + round + ": " + lost.rows + " of " + lines.size() + " rows, "
                            + lost.counters + " counters behind (" + lost.example + ")");
                }
            }
        } finally {
            busy.forEach(Process::destroyForcibly);
        }
        System.out.printf("%d rounds, %d commits returned, %d rounds lost commits (housekeeping %s, %d busy loops)%n",
                ROUNDS, committed, failures.size(), HOUSEKEEPING, BUSY_LOOPS);
        assertThat(failures).as("commits lost at kill -9").isEmpty();
    }

    /** Starts the child, lets it commit for {@code millis} after it is ready, kills it -9; the lines it printed. */
    private List<String> killNineWhileCommitting(long millis) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process child = new ProcessBuilder(List.of(java, "-Xmx256m", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-cp", System.getProperty("java.class.path"), "dev.warden.testing.CommittingStoreMain",
                dir.resolve("data").toString(), String.valueOf(THREADS), String.valueOf(HOUSEKEEPING)))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        List<String> lines = new ArrayList<>();
        CountDownLatch ready = new CountDownLatch(1);
        Thread reader = Thread.ofPlatform().start(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    if (line.equals("READY")) {
                        ready.countDown();
                    } else if (line.startsWith("I ") || line.startsWith("U ")) {
                        synchronized (lines) {
                            lines.add(line);
                        }
                    }
                }
            } catch (java.io.IOException e) {
                // The child is gone; what was read counts.
            }
        });
        try {
            assertThat(ready.await(60, TimeUnit.SECONDS)).as("the child opened the database").isTrue();
            Thread.sleep(millis);
        } finally {
            child.destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            reader.join(30_000);
        }
        synchronized (lines) {
            return new ArrayList<>(lines);
        }
    }

    private record Lost(int rows, int counters, String example) {
    }

    /** Reopens the database as Warden does and counts the printed commits it lacks. */
    private Lost lost(List<String> lines) throws Exception {
        WardenConfig config = new ConfigLoader(Map.of("WARDEN_DATA_DIR", dir.resolve("data").toString())).load(null);
        Set<Long> ids = new HashSet<>();
        Map<Integer, Long> counters = new HashMap<>();
        for (String line : lines) {
            String[] parts = line.split(" ");
            ids.add(Long.parseLong(parts[parts.length - 1]));
            if (parts[0].equals("U")) {
                counters.merge(Integer.parseInt(parts[1]), Long.parseLong(parts[2]), Math::max);
            }
        }
        int rows = 0;
        int behind = 0;
        String example = "";
        try (Database db = Database.open(config.database(), config.paths().data());
             Connection c = db.dataSource().getConnection();
             PreparedStatement row = c.prepareStatement("SELECT 1 FROM probe_rows WHERE id = ?");
             PreparedStatement counter = c.prepareStatement("SELECT n FROM probe_counters WHERE thread = ?")) {
            for (long id : ids) {
                row.setLong(1, id);
                try (ResultSet rs = row.executeQuery()) {
                    if (!rs.next()) {
                        rows++;
                        example = "row " + id;
                    }
                }
            }
            for (Map.Entry<Integer, Long> e : counters.entrySet()) {
                counter.setInt(1, e.getKey());
                try (ResultSet rs = counter.executeQuery()) {
                    long n = rs.next() ? rs.getLong(1) : -1;
                    if (n < e.getValue()) {
                        behind++;
                        example = "thread " + e.getKey() + " at " + n + " of " + e.getValue();
                    }
                }
            }
        }
        return new Lost(rows, behind, example);
    }
}
