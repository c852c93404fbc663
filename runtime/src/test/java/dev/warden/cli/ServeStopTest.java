package dev.warden.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.warden.testing.ChildWarden;

/** What {@code warden serve} says when it is stopped, in its own JVM: the stop asked for, then the stop done. */
class ServeStopTest {

    private static final String HELLO = """
            import { rule, manual } from 'warden';
            export default rule({ id: 'hello', triggers: [manual()], run: () => 'hi' });
            """;

    @TempDir
    Path dir;

    @Test
    void sigtermLogsThatWardenIsStoppingThenThatItStoppedAndExitsWithTheJvmsStatus() throws Exception {
        ChildWarden child = ChildWarden.start(dir, Map.of("hello.js", HELLO));
        try {
            assertThat(child.log()).doesNotContain("stopping:");
            child.process().destroy();
            assertThat(child.process().waitFor(60, TimeUnit.SECONDS)).as("stopped on SIGTERM").isTrue();
            String log = child.log();
            assertThat(log).contains("stopping: running runs are cancelled, queued runs run at the next start")
                    .containsPattern("Warden stopped in \\d+ ms");
            assertThat(log.indexOf("stopping:")).isLessThan(log.indexOf("Warden stopped in"));
            assertThat(child.process().exitValue()).as("the status README documents for SIGTERM").isEqualTo(143);
        } finally {
            child.kill();
        }
    }
}
