package dev.warden.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import dev.warden.config.WardenConfig;
import dev.warden.engine.RuleApis;
import dev.warden.engine.Workbench;
import dev.warden.rules.RuleCatalog;
import dev.warden.rules.RuleProblem;

/**
 * {@code warden check [folder]}: compiles and validates every rule, printing one line per problem, and warns of
 * settings that defeat rules' timeouts (a warning does not change the exit code).
 */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = "Compile and validate every rule in a folder; prints file:line:col: message per problem, "
                + "exit 1 if any.")
final class CheckCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOption config = new ConfigOption();

    @Parameters(arity = "0..1", paramLabel = "FOLDER", description = "Rules folder (default: the configured one).")
    Path folder;

    @Override
    public Integer call() {
        WardenConfig settings = config.loadPrintingWarnings(spec.commandLine().getErr());
        Path root = folder != null ? folder : settings.paths().rules();
        if (!Files.isDirectory(root)) {
            spec.commandLine().getErr().println("warden check: " + root + " is not a folder");
            return Exit.USAGE;
        }
        try (Workbench bench = new Workbench(root, settings.engine(), RuleApis.of(List.of()), settings.zone())) {
            RuleCatalog catalog = bench.catalog();
            catalog.refresh();
            RuleCatalog.Snapshot snapshot = catalog.snapshot();
            int problems = 0;
            // By file, then line and column, as an editor or a CI log reads them.
            for (List<RuleProblem> list : new TreeMap<>(snapshot.problems()).values()) {
                for (RuleProblem p : list.stream().sorted(Comparator.comparingInt((RuleProblem q)
                        -> q.location().line()).thenComparingInt(q -> q.location().column())).toList()) {
                    spec.commandLine().getOut().println(root.resolve(p.location().file()).normalize() + ":"
                            + p.location().line() + ":" + p.location().column() + ": " + p.message());
                    problems++;
                }
            }
            spec.commandLine().getOut().flush();
            new TreeMap<>(snapshot.warnings()).values().forEach(list -> list.forEach(w -> spec.commandLine().getErr()
                    .println("warning: " + root.resolve(w.location().file()).normalize() + ":" + w.location().line()
                            + ":" + w.location().column() + ": " + w.message())));
            String outboundWarning = settings.outbound().warning(settings.engine());
            if (outboundWarning != null) {
                spec.commandLine().getErr().println("warning: " + outboundWarning);
            }
            spec.commandLine().getErr().println("checked " + root + ": " + snapshot.rules().size() + " rule(s), "
                    + problems + " problem(s)");
            return problems == 0 ? Exit.OK : Exit.FAILED;
        }
    }
}
