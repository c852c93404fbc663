package dev.warden.rules.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.SourceSection;
import org.graalvm.polyglot.Value;

import dev.warden.Sha256;
import dev.warden.engine.Sandbox;
import dev.warden.engine.internal.Watchdog;
import dev.warden.rules.RuleDefinition;
import dev.warden.rules.RuleFile;
import dev.warden.rules.RuleProblem;
import dev.warden.rules.SourceLocation;

/**
 * Compiles one rule file: parses it as an ES module, evaluates it in a throwaway sandboxed context (its top level
 * is bounded by a timeout) and validates every rule it exports. Thread-safe.
 */
public final class RuleCompiler {

    /** How long a rule file's top-level code may run, here and when a worker builds its context for the file. */
    public static final Duration TOP_LEVEL_LIMIT = Duration.ofSeconds(10);

    private final Sandbox sandbox;
    private final Watchdog watchdog;
    private final Duration defaultTimeout;
    private final Duration maxTimeout;
    private final ZoneId serverZone;

    /**
     * @param serverZone the {@code zone} setting: a trigger's zone-less startAt and endAt are read in it, as the
     *                   scheduler reads them (unless a cron trigger names its own zone)
     */
    public RuleCompiler(Sandbox sandbox, Watchdog watchdog, Duration defaultTimeout, Duration maxTimeout,
                        ZoneId serverZone) {
        this.sandbox = sandbox;
        this.watchdog = watchdog;
        this.defaultTimeout = defaultTimeout;
        this.maxTimeout = maxTimeout;
        this.serverZone = serverZone;
    }

    public RuleFile compile(Path file) {
        String name = sandbox.rulesRoot().relativize(file.toAbsolutePath().normalize()).toString();
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            return broken(name, "", null, "cannot read file: " + e.getMessage());
        }
        String version = hash(bytes);
        Source source;
        try {
            source = sandbox.moduleSource(file, name);
        } catch (IOException e) {
            return broken(name, version, null, "cannot read file: " + e.getMessage());
        }
        try (Context context = sandbox.newContext()) {
            // One guard over the top level and the reading of what it exports: an export can be a getter or a
            // Proxy, which runs rule code too.
            Watchdog.Guarded guard = watchdog.watch(context, TOP_LEVEL_LIMIT, () -> "the top level of " + name
                    + " (being compiled)");
            try {
                TopLevelRejections rejections = new TopLevelRejections(context);
                Value exports = context.eval(source);
                RuleValidator validator = new RuleValidator(sandbox.rulesRoot(), name,
                        source.getCharacters().toString(), version, defaultTimeout, maxTimeout, serverZone);
                List<RuleDefinition> rules = new ArrayList<>();
                for (Value spec : RuleExports.of(exports)) {
                    RuleDefinition rule = validator.read(spec);
                    if (rule != null) {
                        rules.add(rule);
                    }
                }
                List<RuleProblem> problems = validator.problems();
                return new RuleFile(name, version, source, problems.isEmpty() ? List.copyOf(rules) : List.of(),
                        List.copyOf(problems), rejections.warnings(sandbox.rulesRoot(), name));
            } catch (PolyglotException e) {
                if (guard.reason() != null) {
                    return broken(name, version, source, "the module's top-level code (or reading its exports) ran "
                            + "longer than " + TOP_LEVEL_LIMIT.toSeconds() + "s; keep work inside run()");
                }
                return broken(name, version, source, e);
            } finally {
                watchdog.release(guard);
            }
        }
    }

    private RuleFile broken(String name, String version, Source source, PolyglotException e) {
        SourceSection at = e.getSourceLocation();
        SourceLocation location = at != null && at.isAvailable() && at.getSource().getName().equals(name)
                ? new SourceLocation(name, at.getStartLine(), at.getStartColumn())
                : firstFrameIn(name, e);
        String message = e.getMessage();
        if (e.isSyntaxError() && message != null) {
            // GraalJS's text starts with the file and a zero-based column; the place is given apart, one-based.
            String text = message.lines().findFirst().orElse("").replaceFirst("^(SyntaxError: )?\\S+:\\d+:\\d+ ", "");
            message = at != null && at.isAvailable() && !at.getSource().getName().equals(name)
                    ? "SyntaxError in the imported file " + inRulesFolder(at.getSource())
                            + ", line " + at.getStartLine() + ", column " + at.getStartColumn() + ": " + text
                    : "SyntaxError: " + text;
        }
        return new RuleFile(name, version, source, List.of(), List.of(new RuleProblem(location, message)));
    }

    /** A module's path from the rules folder (its source name is the import's specifier, relative to its importer). */
    private String inRulesFolder(Source module) {
        return module.getPath() == null ? module.getName() : RulesFolder.shown(sandbox.rulesRoot(), module.getPath());
    }

    private static SourceLocation firstFrameIn(String name, PolyglotException e) {
        for (PolyglotException.StackFrame frame : e.getPolyglotStackTrace()) {
            SourceSection s = frame.getSourceLocation();
            if (frame.isGuestFrame() && s != null && s.isAvailable() && s.getSource().getName().equals(name)) {
                return new SourceLocation(name, s.getStartLine(), s.getStartColumn());
            }
        }
        return new SourceLocation(name, 1, 1);
    }

    private static RuleFile broken(String name, String version, Source source, String message) {
        return new RuleFile(name, version, source, List.of(),
                List.of(new RuleProblem(new SourceLocation(name, 1, 1), message)));
    }

    /** A short content hash used as a file's version. */
    public static String hash(byte[] bytes) {
        return Sha256.hex(bytes).substring(0, 12);
    }
}
