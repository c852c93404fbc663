package dev.warden.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.warden.testing.PluginArtifacts;

/** The keys of a plugin's section against those its jar declares (Plugin-Settings), with the built plugin jars. */
class PluginSettingsCheckTest {

    @TempDir
    Path dir;

    private WardenConfig load(String yaml) throws Exception {
        Path file = dir.resolve("warden.yml");
        Files.writeString(file, "paths: { plugins: " + dir.resolve("plugins") + " }\n" + yaml);
        return new ConfigLoader(Map.of()).load(file);
    }

    @Test
    void aTypoInAShippedPluginsSectionIsAnUnknownSettingWithTheNearestDeclaredKey() {
        PluginArtifacts.install(dir.resolve("plugins"), "notifier");
        assertThatThrownBy(() -> load("""
                notifier:
                  channels:
                    mail: { type: email, hots: smtp.example.com, from: a@example.com }
                """)).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("unknown setting 'notifier.channels.mail.hots' in " + dir.resolve("warden.yml")
                        + " line 4; did you mean 'notifier.channels.mail.host'? (plugin notifier reads "
                        + "notifier.channels.*.type, notifier.channels.*.url, ");
    }

    @Test
    void aSecretWrittenInAShippedPluginsSectionIsToldWhereItGoesNotCalledAnUnknownSetting() {
        PluginArtifacts.install(dir.resolve("plugins"), "notifier");
        assertThatThrownBy(() -> load("""
                notifier:
                  channels:
                    mail: { type: email, host: smtp.example.com, password: hunter2 }
                """)).isInstanceOf(ConfigException.class)
                .hasMessage("'notifier.channels.mail.password' looks like a secret and may not be written in "
                        + dir.resolve("warden.yml") + " line 4; set WARDEN_NOTIFIER_CHANNELS_MAIL_PASSWORD or "
                        + "'notifier.channels.mail.passwordFile' instead");
        assertThatThrownBy(() -> load("""
                notifier:
                  channels:
                    hooks: { type: webhook, url: "https://hooks.example/w", secret: s3cret }
                """)).hasMessageStartingWith("'notifier.channels.hooks.secret' looks like a secret")
                .hasMessageContaining("WARDEN_NOTIFIER_CHANNELS_HOOKS_SECRET").hasMessageNotContaining("s3cret");
        assertThatThrownBy(() -> load("""
                notifier:
                  channels:
                    mail: { type: email, host: smtp.example.com, token: x }
                """)).as("a secret-like key the plugin does not read at all").isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("unknown setting 'notifier.channels.mail.token'");
    }

    @Test
    void everyKeyTheShippedPluginsReadIsAccepted() throws Exception {
        PluginArtifacts.install(dir.resolve("plugins"), "admin-key", "compliance", "notifier", "example");
        WardenConfig config = load("""
                compliance: { url: "https://compliance.example/api", keyFile: /run/secrets/compliance }
                example: { greeting: Ahoy }
                notifier:
                  channels:
                    ops: { type: slack, urlFile: /run/secrets/ops }
                    hooks: { type: webhook, url: "https://hooks.example/w", secretFile: /run/secrets/hooks }
                    mail: { type: email, host: smtp.example.com, port: 465, tls: none, from: a@example.com,
                            to: "b@example.com", subject: Warden, username: warden, passwordFile: /run/secrets/mail,
                            trustStore: /etc/trust.p12, trustStorePasswordFile: /run/secrets/trust, timeout: 10s,
                            dataTimeout: 1m }
                """);
        assertThat(config.plugins().sections()).containsEntry("notifier.channels.mail.dataTimeout", "1m")
                .containsEntry("example.greeting", "Ahoy").containsEntry("compliance.keyFile", "/run/secrets/compliance");
    }

    @Test
    void aTypoInTheCompliancePluginsOwnSectionIsCaughtToo() {
        PluginArtifacts.install(dir.resolve("plugins"), "compliance");
        assertThatThrownBy(() -> load("compliance: { keyFiel: /run/secrets/compliance }\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("unknown setting 'compliance.keyFiel'")
                .hasMessageContaining("did you mean 'compliance.keyFile'?");
    }

    @Test
    void aPluginThatReadsNoSettingsHasNoKeysInItsSection() {
        PluginArtifacts.install(dir.resolve("plugins"), "admin-key");
        assertThatThrownBy(() -> load("admin-key: { minutes: 5 }\n")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("unknown setting 'admin-key.minutes'")
                .hasMessageContaining("(plugin admin-key reads no settings)");
    }

    @Test
    void aPluginThatDeclaresNoKeysKeepsAcceptingAnyKeyInItsSection() throws Exception {
        PluginArtifacts.startingWith(dir.resolve("plugins"), "custom", "");
        WardenConfig config = load("custom: { anything: 1, deeper: { still: 2 } }\n");
        assertThat(config.plugins().sections()).containsEntry("custom.anything", "1")
                .containsEntry("custom.deeper.still", "2");
    }
}
