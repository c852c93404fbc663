package dev.warden.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import dev.warden.Integrations;
import dev.warden.engine.RunInvocation;
import dev.warden.engine.RunOutcome;
import dev.warden.engine.Workbench;

/** Runs small rules in-process with the real Confluence client and plugins, configured by an environment map. */
public final class RuleBench implements AutoCloseable {

    private static final AtomicInteger COUNTER = new AtomicInteger();

    private final Path rules;
    private final Integrations integrations;
    private final Workbench bench;

    public RuleBench(Path dir, Map<String, String> environment) {
        this.rules = dir.resolve("rules");
        try {
            Files.createDirectories(rules);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.integrations = SimulatedSite.integrations(environment);
        this.bench = new Workbench(rules, RulesFolder.defaults(), integrations.ruleApis());
    }

    public Integrations integrations() {
        return integrations;
    }

    /** Runs {@code body} as the (async) body of a rule's {@code run({ event, log, confluence, ... })}. */
    public RunOutcome run(String body) {
        return run(body, "60s");
    }

    /** As {@link #run(String)}, in a rule whose timeout is {@code timeout} (e.g. {@code '2s'}). */
    public RunOutcome run(String body, String timeout) {
        String id = "rule-" + COUNTER.incrementAndGet();
        String source = """
                import { rule, manual } from 'warden';
                export default rule({ id: '%s', triggers: [manual()], timeout: '%s',
                  async run(ctx) { const { event, log, plugins } = ctx; const confluence = ctx.confluence;
                    const compliance = ctx.compliance; const notify = ctx.notify;
                %s
                  } });
                """.formatted(id, timeout, body);
        try {
            Files.writeString(rules.resolve(id + ".js"), source);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        bench.catalog().refresh();
        var rule = bench.catalog().rule(id);
        if (rule == null) {
            throw new AssertionError("rule did not compile: " + bench.catalog().snapshot().problems());
        }
        return bench.engine().execute(rule, new RunInvocation("01RUN" + id, "{\"type\":\"manual\"}"));
    }

    @Override
    public void close() {
        bench.close();
        integrations.close();
    }
}
