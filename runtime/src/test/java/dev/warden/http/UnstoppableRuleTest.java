package dev.warden.http;

import static dev.warden.testing.TestWarden.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.warden.testing.ChildWarden;

/**
 * A rule GraalJS cannot stop (it recurses again from the catch of its own stack overflow, so every stop becomes a
 * catchable RangeError) holds its worker for good. Warden cannot end it, but says so, and still stops when asked.
 * In a child JVM: the rule's thread never ends, and would burn a core for the rest of this JVM's tests.
 */
public class UnstoppableRuleTest {

    public static final String UNSTOPPABLE = """
            import { rule, manual } from 'warden';
            function deeper() { try { return deeper(); } catch (e) { return deeper(); } }
            export default rule({ id: 'unstoppable', triggers: [manual()], timeout: '1s', run() { return deeper(); } });
            """;

    @TempDir
    Path dir;

    @Test
    void aRunThatCannotBeStoppedIsNamedInTheLogHealthAndMetricsAndWardenStillStopsOnSigterm() throws Exception {
        ChildWarden child = ChildWarden.start(dir, Map.of("unstoppable.js", UNSTOPPABLE));
        try {
            String run = json(child.post("/api/v1/rules/unstoppable/runs", "{}")).get("id").asText();
            int stuck = 0;
            for (int i = 0; i < 300 && stuck == 0; i++) {
                Thread.sleep(100);
                stuck = json(child.get("/health")).get("stuckRuns").asInt();
            }
            assertThat(stuck).as("stopped at 1 s, stuck 10 s later").isEqualTo(1);
            assertThat(child.log()).contains("[ERROR]").contains("run " + run + " of rule unstoppable did not stop")
                    .contains("its rule code still runs").contains("restart Warden");
            assertThat(child.get("/metrics").body()).contains("warden_runs_stuck 1.0");

            long asked = System.nanoTime();
            child.process().destroy();
            assertThat(child.process().waitFor(60, TimeUnit.SECONDS))
                    .as("SIGTERM stops Warden though the rule's thread never ends").isTrue();
            assertThat(child.log()).contains("the rule engine is left open");
            assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - asked)).isLessThan(45);
        } finally {
            child.kill();
        }
    }
}
