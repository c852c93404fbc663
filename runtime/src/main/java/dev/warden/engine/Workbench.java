package dev.warden.engine;

import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import java.util.List;

import dev.warden.config.EngineConfig;
import dev.warden.plugin.RuleApiProvider;
import dev.warden.rules.RuleCatalog;
import dev.warden.rules.internal.RuleCompiler;

/**
 * A rules folder with its own sandbox, engine and catalog, and no server or store: what {@code warden check},
 * {@code warden run}, tests and benchmarks use. Close it when done.
 */
public final class Workbench implements AutoCloseable {

    private final Sandbox sandbox;
    private final RuleEngine engine;
    private final RuleCatalog catalog;

    /** With the JVM's zone, the {@code zone} setting's default. */
    public Workbench(Path rulesRoot, EngineConfig config, List<RuleApiProvider> providers) {
        this(rulesRoot, config, RuleApis.of(providers), ZoneId.systemDefault());
    }

    /** With the JVM's zone, the {@code zone} setting's default. */
    public Workbench(Path rulesRoot, EngineConfig config, RuleApis apis) {
        this(rulesRoot, config, apis, ZoneId.systemDefault());
    }

    /** @param zone the {@code zone} setting, in which triggers' zone-less startAt and endAt are read */
    public Workbench(Path rulesRoot, EngineConfig config, RuleApis apis, ZoneId zone) {
        this.sandbox = new Sandbox(rulesRoot, config.statementLimit());
        this.engine = new RuleEngine(sandbox, config, apis, Clock.systemUTC());
        this.catalog = new RuleCatalog(rulesRoot, new RuleCompiler(sandbox, engine.watchdog(),
                config.defaultTimeout(), config.maxTimeout(), zone));
    }

    public RuleEngine engine() {
        return engine;
    }

    public RuleCatalog catalog() {
        return catalog;
    }

    @Override
    public void close() {
        engine.close();
        sandbox.close();
    }
}
