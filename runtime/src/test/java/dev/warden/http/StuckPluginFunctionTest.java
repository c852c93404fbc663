package dev.warden.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.warden.testing.PluginArtifacts;
import dev.warden.testing.SimpleWarden;

/**
 * A plugin function that swallows interrupts holds its run's thread past the run's timeout; Warden still stops within
 * its bounds instead of waiting for the function in the engine's close (and leaving the database open). The bound is
 * main's Sandbox.close (8f2cf91, for rules GraalJS cannot stop); this branch alone, based before it, fails here.
 */
class StuckPluginFunctionTest {

    @TempDir
    Path dir;

    @Test
    void aPluginFunctionIgnoringTheRunsInterruptIsCountedStuckAndWardenStillStopsWithinItsBounds() throws Exception {
        Path plugins = PluginArtifacts.install(dir.resolve("plugins"), "example");
        // Swallows every interrupt, as a plugin that catches InterruptedException and carries on does, for two minutes.
        PluginArtifacts.ruleFunction(plugins, "deaf", "deaf", "", """
                long end = System.nanoTime() + 120_000_000_000L;
                while (System.nanoTime() < end) {
                    Thread.interrupted();
                    java.util.concurrent.locks.LockSupport.parkNanos(20_000_000L);
                }
                return "done";""");
        SimpleWarden warden = new SimpleWarden(dir, Map.of("WARDEN_PLUGINS_ENABLED", "example,deaf"));
        Files.createDirectories(warden.rulesDir());
        Files.writeString(warden.rulesDir().resolve("deaf.js"), """
                import { rule, manual } from 'warden';
                export default rule({ id: 'deaf', triggers: [manual()], timeout: '1s',
                  run: ({ plugins }) => plugins.deaf.go() });
                """);
        warden.start();
        assertThat(warden.post("/api/v1/rules/deaf/runs", "{}").status()).isEqualTo(202);
        int stuck = 0;
        for (int i = 0; i < 250 && stuck == 0; i++) {
            Thread.sleep(100);
            stuck = warden.get("/health").json().get("stuckRuns").asInt();
        }
        assertThat(stuck).as("stopped at 1 s, still held 10 s later: counted in /health").isEqualTo(1);
        long started = System.nanoTime();
        warden.close();
        long stoppedMs = (System.nanoTime() - started) / 1_000_000;
        // The run queue waits up to 20 s for its workers, then the engine's close up to 5 s.
        assertThat(stoppedMs).as("ms to stop while the function holds its thread").isLessThan(40_000);
    }
}
