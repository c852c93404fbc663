package dev.warden.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    @TempDir
    Path dir;

    @Test
    void defaultsNeedNoFileAndNoEnvironment() {
        WardenConfig config = new ConfigLoader(Map.of()).load(null);
        assertThat(config.http().port()).isEqualTo(8080);
        assertThat(config.paths().rules()).isEqualTo(Path.of("rules"));
        assertThat(config.database().url()).startsWith("jdbc:h2:file:").contains("data")
                // A small page cache, so that pages H2 writes die young (BENCHMARKS.md, Webhooks: wait mode's p99).
                .contains(";CACHE_SIZE=4096");
        assertThat(config.engine().defaultTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.retention().maxAge()).isEqualTo(Duration.ofDays(30));
        assertThat(config.retention().maxRuns()).isEqualTo(100_000);
    }

    @Test
    void yamlFileIsReadAndEnvironmentOverridesIt() throws Exception {
        Path file = dir.resolve("warden.yml");
        Files.writeString(file, """
                http:
                  port: 9000
                engine:
                  timeout: 10s
                paths:
                  rules: /srv/rules
                """);
        WardenConfig config = new ConfigLoader(Map.of("WARDEN_PORT", "9100")).load(file);
        assertThat(config.http().port()).isEqualTo(9100);
        assertThat(config.engine().defaultTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.paths().rules()).isEqualTo(Path.of("/srv/rules"));
    }

    @Test
    void theRunJournalIsInTheDataFolderUnlessPathsJournalSaysOtherwise() {
        WardenConfig defaults = new ConfigLoader(Map.of("WARDEN_DATA_DIR", "/srv/warden")).load(null);
        assertThat(defaults.paths().journal()).isEqualTo(Path.of("/srv/warden"));
        WardenConfig moved = new ConfigLoader(Map.of("WARDEN_DATA_DIR", "/srv/warden",
                "WARDEN_JOURNAL_DIR", "/dev/shm/warden")).load(null);
        assertThat(moved.paths().journal()).isEqualTo(Path.of("/dev/shm/warden"));
        assertThat(moved.paths().data()).isEqualTo(Path.of("/srv/warden"));
    }

    @Test
    void propertiesFileWorksToo() throws Exception {
        Path file = dir.resolve("warden.properties");
        Files.writeString(file, "retention.maxRuns=500\nretention.maxAge=7d\n");
        WardenConfig config = new ConfigLoader(Map.of()).load(file);
        assertThat(config.retention().maxRuns()).isEqualTo(500);
        assertThat(config.retention().maxAge()).isEqualTo(Duration.ofDays(7));
    }

    @Test
    void unknownSettingIsAnErrorNamingIt() throws Exception {
        Path file = dir.resolve("warden.yml");
        Files.writeString(file, "htp:\n  port: 1\n");
        assertThatThrownBy(() -> new ConfigLoader(Map.of()).load(file))
                .isInstanceOf(ConfigException.class).hasMessageContaining("unknown setting 'htp.port'");
    }

    @Test
    void secretInTheConfigFileIsRefused() throws Exception {
        Path file = dir.resolve("warden.yml");
        Files.writeString(file, "database:\n  password: hunter2\n");
        assertThatThrownBy(() -> new ConfigLoader(Map.of()).load(file))
                .isInstanceOf(ConfigException.class).hasMessageContaining("WARDEN_DB_PASSWORD")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void passwordComesFromTheEnvironmentOrAFileAndNeverPrints() throws Exception {
        WardenConfig fromEnv = new ConfigLoader(Map.of("WARDEN_DB_PASSWORD", "s3cret")).load(null);
        assertThat(fromEnv.database().password().reveal()).isEqualTo("s3cret");
        assertThat(fromEnv.toString()).doesNotContain("s3cret");
        Path secret = dir.resolve("db-password");
        Files.writeString(secret, "from-file\n");
        WardenConfig fromFile = new ConfigLoader(Map.of("WARDEN_DB_PASSWORD_FILE", secret.toString())).load(null);
        assertThat(fromFile.database().password().reveal()).isEqualTo("from-file");
    }

    @Test
    void malformedValueNamesTheSettingAndItsVariable() {
        assertThatThrownBy(() -> new ConfigLoader(Map.of("WARDEN_PORT", "eighty")).load(null))
                .hasMessageContaining("http.port").hasMessageContaining("WARDEN_PORT").hasMessageContaining("eighty");
        assertThatThrownBy(() -> new ConfigLoader(Map.of("WARDEN_ENGINE_TIMEOUT", "soon")).load(null))
                .hasMessageContaining("engine.timeout").hasMessageContaining("30s");
    }

    @Test
    void aPluginsSectionIsReadAndItsSettingsCanComeFromTheEnvironment() throws Exception {
        Path file = dir.resolve("warden.yml");
        Files.writeString(file, """
                plugins: { enabled: [notifier] }
                notifier:
                  channels:
                    ops: { type: slack }
                compliance: { url: "https://compliance.example/api" }
                """);
        WardenConfig config = new ConfigLoader(Map.of("WARDEN_NOTIFIER_CHANNELS_OPS_URL", "https://hooks.example/x",
                "WARDEN_COMPLIANCE_KEY", "k")).load(file);
        assertThat(config.plugins().enabled()).containsExactly("notifier");
        assertThat(config.plugins().sections()).containsEntry("notifier.channels.ops.type", "slack")
                .containsEntry("compliance.url", "https://compliance.example/api")
                .doesNotContainKey("compliance.key");
        assertThat(config.plugins().environment()).containsKey("WARDEN_NOTIFIER_CHANNELS_OPS_URL");
        assertThat(PluginsConfig.variable("notifier.channels.mail.trustStorePassword"))
                .isEqualTo("WARDEN_NOTIFIER_CHANNELS_MAIL_TRUST_STORE_PASSWORD");
    }

    @Test
    void aSectionOfNoInstalledOrEnabledPluginIsATypo() throws Exception {
        Path file = dir.resolve("warden.yml");
        Files.writeString(file, "notifer:\n  channels:\n    ops:\n      type: slack\n");
        assertThatThrownBy(() -> new ConfigLoader(Map.of()).load(file))
                .isInstanceOf(ConfigException.class).hasMessageContaining("unknown setting 'notifer.channels.ops.type'");
    }

    @Test
    void aPluginSettingNamedLikeASecretIsRefusedInTheFile() throws Exception {
        Path file = dir.resolve("warden.yml");
        Files.writeString(file, "plugins: { enabled: [notifier] }\nnotifier: { channels: { hooks: { secret: abc } } }\n");
        assertThatThrownBy(() -> new ConfigLoader(Map.of()).load(file))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("WARDEN_NOTIFIER_CHANNELS_HOOKS_SECRET").hasMessageNotContaining("abc");
    }

    @Test
    void theConfluenceTokenIsASecretAndTheSiteIsOptional() throws Exception {
        assertThat(new ConfigLoader(Map.of()).load(null).confluence().configured()).isFalse();
        WardenConfig config = new ConfigLoader(Map.of("WARDEN_CONFLUENCE_URL", "https://acme.atlassian.net/",
                "WARDEN_CONFLUENCE_TOKEN", "tok")).load(null);
        assertThat(config.confluence().url()).isEqualTo("https://acme.atlassian.net");
        assertThat(config.toString()).doesNotContain("tok,").doesNotContain("=tok");
        Path file = dir.resolve("warden.yml");
        Files.writeString(file, "confluence:\n  token: tok\n");
        assertThatThrownBy(() -> new ConfigLoader(Map.of()).load(file)).hasMessageContaining("WARDEN_CONFLUENCE_TOKEN");
    }

    @Test
    void aRetentionAgeUnderAnHourIsRefusedRatherThanDeletingEveryFinishedRun() {
        for (String age : new String[] {"0s", "0d", "59m"}) {
            assertThatThrownBy(() -> new ConfigLoader(Map.of("WARDEN_RETENTION_MAX_AGE", age)).load(null))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("retention.maxAge must be at least 1h")
                    .hasMessageContaining("WARDEN_RETENTION_MAX_AGE");
        }
        assertThat(new ConfigLoader(Map.of("WARDEN_RETENTION_MAX_AGE", "1h")).load(null).retention().maxAge())
                .isEqualTo(Duration.ofHours(1));
    }

    @Test
    void aKeyWrittenTwiceInOneSectionIsAnErrorNamingTheFileTheLinesAndTheKey() throws Exception {
        Path file = dir.resolve("warden.yml");
        Files.writeString(file, "http:\n  port: 9000\n  host: 127.0.0.1\n  port: 9001\n");
        assertThatThrownBy(() -> new ConfigLoader(Map.of()).load(file)).isInstanceOf(ConfigException.class)
                .hasMessage("'http.port' is written twice in " + file + ", on line 2 and line 4; keep one (Warden "
                        + "does not let the last one win silently)");
    }

    @Test
    void aSectionWrittenTwiceIsAnErrorEvenWhenItsKeysDiffer() throws Exception {
        Path file = dir.resolve("warden.yml");
        Files.writeString(file, "http:\n  port: 9000\nengine:\n  timeout: 10s\nhttp:\n  host: 0.0.0.0\n");
        assertThatThrownBy(() -> new ConfigLoader(Map.of()).load(file)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("'http' is written twice in " + file + ", on line 1 and line 5");
        Files.writeString(file, "http.port: 9000\nhttp:\n  port: 9001\n");
        assertThatThrownBy(() -> new ConfigLoader(Map.of()).load(file)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("'http.port' is written twice in " + file + ", on line 1 and line 3");
    }

    @Test
    void aKeyWrittenTwiceInAPropertiesFileIsAnErrorToo() throws Exception {
        Path file = dir.resolve("warden.properties");
        Files.writeString(file, "retention.maxRuns=500\nhttp.port=9000\nretention.maxRuns=600\n");
        assertThatThrownBy(() -> new ConfigLoader(Map.of()).load(file)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("'retention.maxRuns' is written twice in " + file + ", on line 1 and line 3");
    }

    @Test
    void aBadValueNamesTheFileAndLineOrTheVariableItCameFrom() throws Exception {
        Path file = dir.resolve("warden.yml");
        Files.writeString(file, "engine:\n  workers: 2\nhttp:\n  port: eighty\n");
        assertThatThrownBy(() -> new ConfigLoader(Map.of()).load(file))
                .hasMessage("http.port must be a whole number, got 'eighty' (set in " + file + " line 4)");
        assertThatThrownBy(() -> new ConfigLoader(Map.of("WARDEN_PORT", "ninety")).load(file))
                .hasMessage("http.port must be a whole number, got 'ninety' (set by WARDEN_PORT)");
        assertThatThrownBy(() -> new ConfigLoader(Map.of("WARDEN_PORT", "ninety")).load(null))
                .hasMessage("http.port must be a whole number, got 'ninety' (set by WARDEN_PORT)");
        Path properties = dir.resolve("warden.properties");
        Files.writeString(properties, "engine.timeout=1m\nengine.maxTimeout=30s\n");
        assertThatThrownBy(() -> new ConfigLoader(Map.of()).load(properties))
                .hasMessageContaining("engine.timeout (1m, set in " + properties + " line 1)")
                .hasMessageContaining("engine.maxTimeout (30s, set in " + properties + " line 2)");
    }

    @Test
    void aYamlMistakeIsOneLineNamingTheFileLineAndColumnOfTheProblemAndWhereItsConstructBegan() throws Exception {
        Path file = dir.resolve("warden.yml");
        Files.writeString(file, "http:\n  port: 8081\n  host: [\n");
        assertThatThrownBy(() -> new ConfigLoader(Map.of()).load(file)).isInstanceOf(ConfigException.class)
                .hasMessage("config file " + file + " is not valid YAML at line 4, column 1: expected the node "
                        + "content, but found '<stream end>' (while parsing a flow node)");
        Files.writeString(file, "http:\n\tport: 8081\n");
        assertThatThrownBy(() -> new ConfigLoader(Map.of()).load(file))
                .hasMessageStartingWith("config file " + file + " is not valid YAML at line 2, column 1: found "
                        + "character '\\t(TAB)' that cannot start any token. (Do not use \\t(TAB) for indentation)")
                .hasMessageNotContaining("\n");
        Files.writeString(file, "http:\n  port: 8081\n   host: x\n");
        assertThatThrownBy(() -> new ConfigLoader(Map.of()).load(file))
                .hasMessage("config file " + file + " is not valid YAML at line 3, column 8: mapping values are not "
                        + "allowed here");
        Files.writeString(file, "http: { port: 8081\nengine: { workers: 2 }\n");
        assertThatThrownBy(() -> new ConfigLoader(Map.of()).load(file))
                .hasMessage("config file " + file + " is not valid YAML at line 2, column 7: expected ',' or '}', but "
                        + "got : (while parsing a flow mapping that began at line 1, column 7)");
    }

    @Test
    void anUnknownCoreSettingOffersTheNearestKnownOne() throws Exception {
        Path file = dir.resolve("warden.yml");
        Files.writeString(file, "http:\n  prot: 9000\n");
        assertThatThrownBy(() -> new ConfigLoader(Map.of()).load(file)).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("unknown setting 'http.prot' in " + file + " line 2; did you mean "
                        + "'http.port'? (known settings: http.host, ");
    }

    @Test
    void theRequestTimeoutDefaultsBelowTheRuleTimeoutSoARuleCanHandleAHangingReceiver() {
        WardenConfig config = new ConfigLoader(Map.of()).load(null);
        assertThat(config.outbound().requestTimeout()).isLessThan(config.engine().defaultTimeout());
        assertThat(config.outbound().warning(config.engine())).isNull();
    }

    @Test
    void aRequestTimeoutNotBelowTheRuleTimeoutIsWarnedAboutNamingBothSettings() {
        WardenConfig config = new ConfigLoader(Map.of("WARDEN_OUTBOUND_REQUEST_TIMEOUT", "30s")).load(null);
        assertThat(config.outbound().warning(config.engine())).isEqualTo("outbound.requestTimeout (30s) is not below "
                + "engine.timeout (30s): one call to a receiver that hangs takes a rule with the default timeout all "
                + "its time; lower outbound.requestTimeout (WARDEN_OUTBOUND_REQUEST_TIMEOUT)");
    }

    @Test
    void theResponseBodyLimitIsASizeLikeTheWebhookBodyLimit() {
        assertThat(new ConfigLoader(Map.of()).load(null).outbound().maxResponseBytes()).isEqualTo(16L * 1024 * 1024);
        assertThat(new ConfigLoader(Map.of("WARDEN_OUTBOUND_MAX_RESPONSE_BODY", "512KiB")).load(null).outbound()
                .maxResponseBytes()).isEqualTo(512 * 1024);
        assertThatThrownBy(() -> new ConfigLoader(Map.of("WARDEN_OUTBOUND_MAX_RESPONSE_BODY", "2GiB")).load(null))
                .hasMessage("outbound.maxResponseBody must be a size such as 1MiB, 512KiB or 65536, got '2GiB' (set "
                        + "by WARDEN_OUTBOUND_MAX_RESPONSE_BODY)");
        assertThatThrownBy(() -> new ConfigLoader(Map.of("WARDEN_OUTBOUND_MAX_RESPONSE_BODY", "10")).load(null))
                .hasMessageContaining("must be between 1KiB and 1024MiB");
    }

    @Test
    void requestsHaveHeaderAndBodyDeadlinesAndAConnectionCapAndAZeroDeadlineIsRefused() {
        HttpConfig defaults = new ConfigLoader(Map.of()).load(null).http();
        assertThat(defaults.headerTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(defaults.bodyTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(defaults.maxConnections()).isEqualTo(10_000);
        HttpConfig set = new ConfigLoader(Map.of("WARDEN_HTTP_HEADER_TIMEOUT", "500ms", "WARDEN_HTTP_BODY_TIMEOUT",
                "2m", "WARDEN_HTTP_MAX_CONNECTIONS", "500")).load(null).http();
        assertThat(set.headerTimeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(set.bodyTimeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(set.maxConnections()).isEqualTo(500);
        assertThatThrownBy(() -> new ConfigLoader(Map.of("WARDEN_HTTP_HEADER_TIMEOUT", "0s")).load(null))
                .hasMessage("http.headerTimeout must be between 100ms and 10m, got 0s (set by "
                        + "WARDEN_HTTP_HEADER_TIMEOUT)");
        assertThatThrownBy(() -> new ConfigLoader(Map.of("WARDEN_HTTP_BODY_TIMEOUT", "1h")).load(null))
                .hasMessage("http.bodyTimeout must be between 100ms and 10m, got 1h (set by WARDEN_HTTP_BODY_TIMEOUT)");
        assertThatThrownBy(() -> new ConfigLoader(Map.of("WARDEN_HTTP_BODY_TIMEOUT", "soon")).load(null))
                .hasMessageStartingWith("http.bodyTimeout: 'soon' is not a duration");
        assertThatThrownBy(() -> new ConfigLoader(Map.of("WARDEN_HTTP_MAX_CONNECTIONS", "0")).load(null))
                .hasMessage("http.maxConnections must be between 1 and 1000000, got 0 (set by "
                        + "WARDEN_HTTP_MAX_CONNECTIONS)");
    }
}
