package dev.warden.cli;

import java.io.PrintWriter;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import dev.warden.Integrations;
import dev.warden.config.WardenConfig;
import dev.warden.http.Json;
import dev.warden.plugins.PluginInfo;

/** {@code warden plugins}: loads and starts the configured plugins in this process and lists each with its state. */
@Command(name = "plugins", mixinStandardHelpOptions = true,
        description = {"List the plugins of the plugins folder with their state (STARTED, DISABLED, FAILED) and why,"
                + " without a running server.", "Exit 0 when none failed, 1 otherwise."})
final class PluginsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOption config = new ConfigOption();

    @Option(names = "--json", description = "Print the list as JSON.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        WardenConfig settings = config.load();
        PrintWriter out = spec.commandLine().getOut();
        List<PluginInfo> plugins;
        try (Integrations integrations = Integrations.open(settings, Clock.systemUTC())) {
            plugins = integrations.plugins().plugins();
        }
        if (json) {
            out.println(Json.MAPPER.writeValueAsString(Map.of("folder", settings.paths().plugins().toString(),
                    "plugins", plugins)));
        } else if (plugins.isEmpty()) {
            out.println("no plugins in " + settings.paths().plugins().toAbsolutePath() + " (copy plugin jars there; "
                    + "./warden installs the shipped ones)");
        } else {
            out.printf("%-14s %-16s %-9s %s%n", "ID", "VERSION", "STATE", "DETAILS");
            for (PluginInfo p : plugins) {
                out.printf("%-14s %-16s %-9s %s%n", p.id(), p.version() == null ? "-" : p.version(), p.state(),
                        details(p));
            }
        }
        out.flush();
        return plugins.stream().anyMatch(p -> p.state().equals("FAILED")) ? Exit.FAILED : Exit.OK;
    }

    private static String details(PluginInfo p) {
        if (p.error() != null) {
            return p.error();
        }
        StringBuilder text = new StringBuilder(p.file());
        if (p.extensions() != null && !p.extensions().isEmpty()) {
            text.append("; ").append(String.join(", ", p.extensions()));
        }
        if (p.namespaces() != null && !p.namespaces().isEmpty()) {
            text.append("; rules see ").append(String.join(", ", p.namespaces()));
        }
        return text.toString();
    }
}
