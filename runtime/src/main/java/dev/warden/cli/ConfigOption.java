package dev.warden.cli;

import java.nio.file.Path;

import picocli.CommandLine.Option;

import dev.warden.config.ConfigLoader;
import dev.warden.config.WardenConfig;

/** The {@code --config} option every command that reads configuration shares. */
final class ConfigOption {

    @Option(names = {"-c", "--config"}, paramLabel = "FILE", scope = picocli.CommandLine.ScopeType.INHERIT,
            description = "Config file (warden.yml or .properties); default: $WARDEN_CONFIG, else the first of "
                    + "./warden.yml, ./warden.yaml and ./warden.properties. WARDEN_* environment variables override it.")
    Path file;

    WardenConfig load() {
        return ConfigLoader.fromSystem().load(file);
    }

    /** Loads, printing each warning (an unknown {@code WARDEN_*} variable) as a "warning: " line to {@code err}. */
    WardenConfig loadPrintingWarnings(java.io.PrintWriter err) {
        return ConfigLoader.fromSystem().warningsTo(w -> err.println("warning: " + w)).load(file);
    }

    /**
     * The running Warden's base URL for commands that talk to it: {@code explicit} (their --url) if given, else
     * $WARDEN_URL, else http://&lt;http.host&gt;:&lt;http.port&gt; from the config (a wildcard host as loopback).
     */
    String serverUrl(String explicit) {
        String chosen = explicit != null && !explicit.isBlank() ? explicit : System.getenv("WARDEN_URL");
        if (chosen != null && !chosen.isBlank()) {
            return chosen.strip().replaceAll("/+$", "");
        }
        var http = load().http();
        String host = http.host().equals("0.0.0.0") || http.host().equals("::") ? "127.0.0.1" : http.host();
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + http.port();
    }

    /**
     * Loads with extra environment entries that win over the real environment (the embedded simulator's site); a
     * second load, so the first one's warnings are not repeated.
     */
    WardenConfig load(java.util.Map<String, String> overlay) {
        java.util.Map<String, String> environment = new java.util.HashMap<>(System.getenv());
        environment.putAll(overlay);
        return new ConfigLoader(environment).quiet().load(file);
    }
}
