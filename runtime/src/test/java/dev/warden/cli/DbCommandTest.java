package dev.warden.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;

import dev.warden.config.ConfigLoader;
import dev.warden.config.WardenConfig;
import dev.warden.runs.Run;
import dev.warden.runs.RunQuery;
import dev.warden.runs.RunStatus;
import dev.warden.runs.RunStore;
import dev.warden.runs.RunTrigger;
import dev.warden.store.Database;
import dev.warden.testing.H2FileHolder;

/** {@code warden db compact} on a real H2 file, as a user runs it with Warden stopped. */
class DbCommandTest {

    @TempDir
    Path dir;
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    private int warden(String... args) {
        CommandLine cli = WardenCommand.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        return cli.execute(args);
    }

    private Path config(String properties) throws Exception {
        return Files.writeString(dir.resolve("warden.properties"), "paths.data=" + dir.resolve("data") + "\n"
                + properties);
    }

    private static WardenConfig load(Path config) {
        return new ConfigLoader(java.util.Map.of()).load(config);
    }

    @Test
    void compactGivesAPrunedFilesFreeSpaceBackToTheDiskAndKeepsTheRuns() throws Exception {
        Path config = config("");
        WardenConfig settings = load(config);
        String input = "{\"page\":\"" + "x".repeat(5_000) + "\"}";
        try (Database db = Database.open(settings.database(), settings.paths().data())) {
            RunStore store = new RunStore(db.dataSource());
            for (int i = 0; i < 3_000; i++) {
                Instant at = Instant.now();
                store.insert(new Run(String.format("01C%023d", i), "r", "r.js", "v", new RunTrigger("webhook", "h"),
                        RunStatus.SUCCEEDED, at, at, at, input, "{}", null, "[]"));
            }
            store.purge(Instant.parse("2000-01-01T00:00:00Z"), 100);
        }
        Path file = dir.resolve("data").resolve("warden.mv.db");
        long before = Files.size(file);

        assertThat(warden("db", "compact", "-c", config.toString())).as(err.toString()).isZero();

        long after = Files.size(file);
        assertThat(out.toString()).startsWith("compacted " + file + ": " + DbCommand.Compact.size(before) + " -> "
                + DbCommand.Compact.size(after) + " in ");
        assertThat(after).as("compacted from %d bytes", before).isLessThan(before / 2);
        try (Database db = Database.open(settings.database(), settings.paths().data())) {
            assertThat(new RunStore(db.dataSource()).list(new RunQuery(null, null, null, 1_000))).hasSize(100)
                    .allSatisfy(run -> assertThat(run.input()).isEqualTo(input));
        }
    }

    @Test
    @org.junit.jupiter.api.Timeout(120)
    void compactOrAnOpenWhileWardenHasTheFileOpenSaysToStopItFirstAndLeavesNoTraceFile() throws Exception {
        Path config = config("");
        WardenConfig settings = load(config);
        try (Database db = Database.open(settings.database(), settings.paths().data())) {
            assertThat(db.vendor()).isEqualTo(Database.Vendor.H2);
        }
        try (H2FileHolder holder = H2FileHolder.hold(settings.database().url())) {
            assertThat(warden("db", "compact", "-c", config.toString())).isEqualTo(2);
            assertThat(err.toString()).contains("is open in another process: stop Warden first");
            // What every command that opens the database meets while Warden runs (keys --offline among them).
            try {
                Database.open(settings.database(), settings.paths().data()).close();
                throw new AssertionError("opened a database another process holds");
            } catch (IllegalStateException e) {
                assertThat(e.getMessage()).startsWith("another Warden (or another process) is using the data folder");
            }
            try (var files = Files.list(settings.paths().data())) {
                assertThat(files.map(f -> f.getFileName().toString())).as("H2 trace files left by the refused opens")
                        .noneMatch(name -> name.endsWith(".trace.db"));
            }
        }
    }

    @Test
    @org.junit.jupiter.api.Timeout(120)
    void aSecondServeOnADataFolderInUseSaysSoInOneSentenceAndExitsAsOtherStartFailures() throws Exception {
        Path rules = Files.createDirectories(dir.resolve("rules"));
        // A configured site, so serve starts no embedded simulator; port 0, so nothing else is in the way.
        Path config = config("paths.rules=" + rules + "\nhttp.port=0\nconfluence.url=http://127.0.0.1:1\n");
        WardenConfig settings = load(config);
        try (Database db = Database.open(settings.database(), settings.paths().data())) {
            assertThat(db.vendor()).isEqualTo(Database.Vendor.H2);
        }
        try (H2FileHolder holder = H2FileHolder.hold(settings.database().url())) {
            assertThat(warden("serve", "-c", config.toString())).isEqualTo(2);
        }
        Path data = dir.resolve("data").toAbsolutePath().normalize();
        assertThat(err.toString()).isEqualTo("warden: another Warden (or another process) is using the data folder "
                + data + " (its database warden.mv.db is locked); stop it, or point paths.data (WARDEN_DATA_DIR) at "
                + "another folder" + System.lineSeparator());
    }

    @Test
    void compactOfADatabaseThatIsNotAnH2FileSaysThereIsNothingToCompact() throws Exception {
        Path config = config("database.url=jdbc:postgresql://127.0.0.1:1/warden?password=secret\n");

        assertThat(warden("db", "compact", "-c", config.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("the database is not H2 (jdbc:postgresql://127.0.0.1:1/warden)")
                .contains("nothing to compact").doesNotContain("secret");
    }
}
