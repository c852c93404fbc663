package dev.warden.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.warden.rules.LoadedRule;
import dev.warden.runs.RunStatus;
import dev.warden.testing.RulesFolder;

/** Many threads run the same rule at once; each uses its own context, so nothing is shared or corrupted. */
class ConcurrentRunsTest {

    @TempDir
    Path dir;

    @Test
    void sameRuleRunsOnSeveralThreadsAtOnceWithoutSharingAContext() throws Exception {
        try (RulesFolder rules = new RulesFolder(dir)) {
            rules.write("count.js", """
                    import { rule, manual } from 'warden';
                    const token = Math.random().toString(36).slice(2);
                    let runs = 0;
                    export default rule({ id: 'count', triggers: [manual()], run() {
                      runs++;
                      let s = 0; for (let i = 0; i < 1000; i++) s += i;
                      return { token, runs, s };
                    } });
                    """);
            LoadedRule rule = rules.catalog().rule("count");
            ExecutorService pool = Executors.newFixedThreadPool(4);
            List<Future<List<RunOutcome>>> futures = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                futures.add(pool.submit(() -> {
                    List<RunOutcome> outcomes = new ArrayList<>();
                    for (int i = 0; i < 200; i++) {
                        outcomes.add(rules.engine().execute(rule, new RunInvocation("01T", "{}")));
                    }
                    return outcomes;
                }));
            }
            Set<String> tokens = ConcurrentHashMap.newKeySet();
            for (Future<List<RunOutcome>> future : futures) {
                List<RunOutcome> outcomes = future.get();
                assertThat(outcomes).allSatisfy(o -> assertThat(o.status()).isEqualTo(RunStatus.SUCCEEDED));
                String last = outcomes.getLast().result();
                assertThat(last).contains("\"runs\":200").contains("\"s\":499500");
                tokens.add(last.replaceAll(".*\"token\":\"([^\"]+)\".*", "$1"));
            }
            pool.shutdown();
            assertThat(tokens).as("one context (module instance) per thread").hasSize(4);
        }
    }
}
