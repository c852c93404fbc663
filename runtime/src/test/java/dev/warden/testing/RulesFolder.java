package dev.warden.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import dev.warden.config.EngineConfig;
import dev.warden.engine.RuleEngine;
import dev.warden.engine.Sandbox;
import dev.warden.rules.RuleCatalog;
import dev.warden.rules.internal.RuleCompiler;

/**
 * A real rules folder in a temp directory, with an engine and catalog over it. Close it after the test, or let JUnit
 * do it: {@code @RegisterExtension final RulesFolder rules = RulesFolder.perTest();}.
 */
public final class RulesFolder implements AutoCloseable, AfterEachCallback {

    private final Path root;
    private final Sandbox sandbox;
    private final RuleEngine engine;
    private final RuleCatalog catalog;
    private boolean owned;

    public RulesFolder(Path root, EngineConfig config) {
        this.root = root;
        this.sandbox = new Sandbox(root, config.statementLimit());
        this.engine = new RuleEngine(sandbox, config, List.of(), Clock.systemUTC());
        this.catalog = new RuleCatalog(root, new RuleCompiler(sandbox, engine.watchdog(), config.defaultTimeout(),
                config.maxTimeout(), java.time.ZoneId.systemDefault()));
    }

    public RulesFolder(Path root) {
        this(root, defaults());
    }

    /** A folder of its own for one test: created now, closed and deleted once the test has run. */
    public static RulesFolder perTest() {
        try {
            RulesFolder folder = new RulesFolder(Files.createTempDirectory("warden-rules"));
            folder.owned = true;
            return folder;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static EngineConfig defaults() {
        return new EngineConfig(2, Duration.ofSeconds(30), Duration.ofMinutes(15), 0, 85, 64, 1000);
    }

    public RulesFolder write(String name, String source) {
        try {
            Path file = root.resolve(name);
            Files.createDirectories(file.getParent());
            Files.writeString(file, source);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    public Path root() {
        return root;
    }

    public RuleEngine engine() {
        return engine;
    }

    public RuleCatalog catalog() {
        catalog.refresh();
        return catalog;
    }

    @Override
    public void close() {
        engine.close();
        sandbox.close();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        close();
        if (owned) {
            Folders.deleteTree(root);
        }
    }
}
