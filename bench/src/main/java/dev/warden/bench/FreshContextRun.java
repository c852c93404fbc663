package dev.warden.bench;

import java.time.Clock;
import java.util.List;

import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Value;

import dev.warden.engine.RuleEngine;
import dev.warden.engine.Sandbox;
import dev.warden.engine.internal.RunHost;
import dev.warden.engine.internal.Watchdog;
import dev.warden.rules.LoadedRule;
import dev.warden.rules.internal.RuleExports;

/**
 * The alternative the engine did not take: a new context per run. It repeats what {@code RuleEngine} does for a
 * cold rule (new sandboxed context on the shared engine, bootstrap, module evaluation under the watchdog) and
 * then runs once and closes the context, so its cost is comparable with a warm {@code RuleEngine.execute}.
 * Lives here, not in the engine, because it is only a yardstick. One instance per thread.
 */
final class FreshContextRun {

    private final Sandbox sandbox;
    private final Watchdog watchdog;

    FreshContextRun(RuleEngine engine) {
        this.sandbox = engine.sandbox();
        this.watchdog = engine.watchdog();
    }

    /** Runs the rule once in a context of its own and returns the JSON text of its result. */
    String run(LoadedRule rule, String runId, String eventJson) {
        try (Context context = sandbox.newContext()) {
            RunHost host = new RunHost(List.of(), Clock.systemUTC());
            Value invoke = context.eval(sandbox.bootstrap()).execute(host);
            Watchdog.Guarded guard = watchdog.watch(context, rule.definition().timeout(), () -> "run " + runId
                    + " of rule " + rule.id() + " (fresh context)");
            try {
                Value spec = RuleExports.find(context.eval(rule.file().source()), rule.id());
                host.begin(runId, rule.id());
                Value state = invoke.execute(spec, eventJson,
                        "{\"id\":\"" + runId + "\",\"rule\":\"" + rule.id() + "\",\"fileVersion\":\""
                                + rule.file().version() + "\"}");
                host.end();
                if (!state.getMember("done").asBoolean() || !state.getMember("error").isNull()) {
                    throw new IllegalStateException("rule " + rule.id() + " did not succeed in a fresh context");
                }
                return state.getMember("value").asString();
            } finally {
                watchdog.release(guard);
            }
        }
    }
}
