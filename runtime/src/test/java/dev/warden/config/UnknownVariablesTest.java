package dev.warden.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.warden.testing.PluginArtifacts;

/** WARDEN_* variables nothing reads are warned about, naming the nearest known one. */
class UnknownVariablesTest {

    @TempDir
    Path dir;

    private List<String> warnings(Map<String, String> environment, Set<String> hooks) {
        Path folder = dir.resolve("plugins");
        if (!Files.isDirectory(folder)) {
            PluginArtifacts.install(folder, "admin-key", "compliance", "notifier");
        }
        InstalledPlugins plugins = InstalledPlugins.read(folder, "");
        return UnknownVariables.of(environment, knownSettings(), hooks, plugins);
    }

    /** A few of the host's settings and their variables. */
    private static Map<String, String> knownSettings() {
        Map<String, String> known = new HashMap<>();
        known.put("http.port", "WARDEN_PORT");
        known.put("http.host", "WARDEN_HOST");
        known.put("compliance.url", "WARDEN_COMPLIANCE_URL");
        known.put("compliance.key", "WARDEN_COMPLIANCE_KEY");
        known.put("adminKey.maxMinutes", "WARDEN_ADMIN_KEY_MAX_MINUTES");
        known.put("keys.adminKey", "WARDEN_ADMIN_KEY");
        return known;
    }

    @Test
    void aMistypedVariableIsWarnedWithTheNearestKnownOne() {
        assertThat(warnings(Map.of("WARDEN_HTTP_PROT", "8080", "WARDEN_ADMIN_KEY_MAX_MINUTE", "5",
                "WARDEN_NOTIFIER_CHANNEL_OPS_URL", "x", "PATH", "/bin"), Set.of())).containsExactly(
                "the environment variable WARDEN_ADMIN_KEY_MAX_MINUTE is not one Warden reads, so it is ignored; "
                        + "did you mean WARDEN_ADMIN_KEY_MAX_MINUTES (adminKey.maxMinutes)?",
                "the environment variable WARDEN_HTTP_PROT is not one Warden reads, so it is ignored; did you mean "
                        + "WARDEN_PORT (http.port)?",
                "the environment variable WARDEN_NOTIFIER_CHANNEL_OPS_URL is not one Warden reads, so it is ignored "
                        + "(README, \"Configuration\", lists the variables)");
    }

    @Test
    void variablesOfTheLauncherTheCommandsPluginsAndHookSecretsAreNotWarned() {
        Map<String, String> environment = new HashMap<>();
        for (String name : List.of("WARDEN_CONFIG", "WARDEN_URL", "WARDEN_API_KEY", "WARDEN_JAVA_OPTS", "WARDEN_JIT",
                "WARDEN_SIMULATOR", "WARDEN_SIMULATOR_PORT", "WARDEN_PORT", "WARDEN_ADMIN_KEY",
                "WARDEN_COMPLIANCE_KEY", "WARDEN_COMPLIANCE_KEY_FILE", "WARDEN_NOTIFIER_CHANNELS_OPS_URL",
                "WARDEN_NOTIFIER_CHANNELS_MY_MAIL_TRUST_STORE_PASSWORD", "WARDEN_NOTIFIER_CHANNELS_MAIL_HOST",
                "WARDEN_WEBHOOK_GITHUB_PUSH_SECRET")) {
            environment.put(name, "x");
        }
        assertThat(warnings(environment, Set.of("github-push"))).isEmpty();
        assertThat(warnings(Map.of("WARDEN_WEBHOOK_GITHB_PUSH_SECRET", "x"), Set.of("github-push"))).containsExactly(
                "the environment variable WARDEN_WEBHOOK_GITHB_PUSH_SECRET is not one Warden reads, so it is "
                        + "ignored; did you mean WARDEN_WEBHOOK_GITHUB_PUSH_SECRET (the secret of webhooks.github-push)?");
    }

    @Test
    void loadingTheConfigurationLogsEachUnknownVariableAsAWarning() throws Exception {
        Path file = dir.resolve("warden.yml");
        Files.writeString(file, "paths: { plugins: " + dir.resolve("no-plugins") + " }\n");
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream before = System.err;
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            new ConfigLoader(Map.of("WARDEN_HTTP_PROT", "8080")).load(file);
            new ConfigLoader(Map.of("WARDEN_HTTP_PROT", "8080")).quiet().load(file);
        } finally {
            System.setErr(before);
        }
        assertThat(captured.toString(StandardCharsets.UTF_8).lines().filter(l -> l.contains("WARDEN_HTTP_PROT")))
                .singleElement().asString().contains("[WARN]")
                .endsWith("the environment variable WARDEN_HTTP_PROT is not one Warden reads, so it is ignored; did "
                        + "you mean WARDEN_PORT (http.port)?");
    }
}
