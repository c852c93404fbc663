package dev.warden.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;

import dev.warden.http.Json;
import dev.warden.testing.PluginArtifacts;

/** {@code warden plugins} lists every plugin with its state, without a server. */
class PluginsCommandTest {

    @TempDir
    Path dir;
    final StringWriter out = new StringWriter();

    private int plugins(String... extra) throws Exception {
        Path folder = PluginArtifacts.install(dir.resolve("plugins"), "example", "notifier");
        PluginArtifacts.throwingOnStart(folder, "broken", "cannot reach the mainframe");
        Path config = dir.resolve("warden.properties");
        Files.writeString(config, "paths.plugins=" + folder + "\nplugins.enabled=example,broken\n");
        CommandLine cli = WardenCommand.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(new StringWriter(), true));
        String[] args = new String[2 + extra.length];
        args[0] = "plugins";
        args[1] = "--config=" + config;
        System.arraycopy(extra, 0, args, 2, extra.length);
        return cli.execute(args);
    }

    @Test
    void listsEachPluginWithItsStateAndExitsOneWhenOneFailed() throws Exception {
        assertThat(plugins()).isEqualTo(1);
        assertThat(out.toString())
                .containsPattern("broken +1\\.0\\.0 +FAILED +IllegalStateException: cannot reach the mainframe")
                .containsPattern("example +\\S+ +STARTED +warden-example-plugin.jar; RuleApiProvider; rules see example")
                .containsPattern("notifier +\\S+ +DISABLED +not enabled");
    }

    @Test
    void printsJsonOnRequest() throws Exception {
        plugins("--json");
        var json = Json.MAPPER.readTree(out.toString());
        assertThat(json.path("plugins")).hasSize(3);
        assertThat(json.path("plugins").path(1).path("state").asText()).isEqualTo("STARTED");
    }
}
