package dev.warden.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.warden.plugin.RuleApiProvider;
import dev.warden.plugin.RuleFunction;
import dev.warden.runs.RunStatus;
import dev.warden.testing.RulesFolder;

/** Arguments a namespace's function cannot be given (they are passed as JSON) are refused naming that function. */
class HostCallArgumentsTest {

    @TempDir
    Path dir;

    /** A namespace that answers with how many arguments it got. */
    private static final class Echo implements RuleApiProvider {
        @Override
        public String namespace() {
            return "echo";
        }

        @Override
        public boolean topLevel() {
            return true;
        }

        @Override
        public Map<String, RuleFunction> functions() {
            return Map.of("count", (call, arguments) -> arguments.size());
        }
    }

    @Test
    void anArgumentThatIsNotJsonIsRefusedNamingTheFunctionAtTheRulesLine() throws Exception {
        Files.writeString(dir.resolve("args.js"), """
                import { rule, manual } from 'warden';
                export const big = rule({ id: 'big', triggers: [manual()], run({ echo }) {
                  return echo.count({ pageId: 7n });
                } });
                export const ok = rule({ id: 'ok', triggers: [manual()], run({ echo }) { return echo.count(1, 'a'); } });
                """);
        try (Workbench bench = new Workbench(dir, RulesFolder.defaults(), List.of(new Echo()))) {
            bench.catalog().refresh();
            RunOutcome big = bench.engine().execute(bench.catalog().rule("big"), new RunInvocation("01BIG", "{}"));
            assertThat(big.status()).isEqualTo(RunStatus.FAILED);
            assertThat(big.error().message()).isEqualTo("TypeError: echo.count(...): its arguments must be JSON data "
                    + "(Do not know how to serialize a BigInt)");
            assertThat(big.error().file()).isEqualTo("args.js");
            assertThat(big.error().line()).isEqualTo(3);
            RunOutcome ok = bench.engine().execute(bench.catalog().rule("ok"), new RunInvocation("01OK", "{}"));
            assertThat(ok.result()).isEqualTo("2");
        }
    }
}
