package dev.warden.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;

import dev.warden.simulator.ConfluenceSimulator;
import dev.warden.simulator.SeededUser;
import dev.warden.simulator.junit.SimulatorExtension;
import dev.warden.testing.PluginArtifacts;
import dev.warden.testing.SimulatedSite;

/** {@code warden doctor} against the simulator: one verdict per line, diagnoses under failures. */
@ExtendWith(SimulatorExtension.class)
class DoctorCommandTest {

    @TempDir
    Path dir;
    final StringWriter out = new StringWriter();

    private int doctor(ConfluenceSimulator sim, SeededUser user, String complianceKey, String... extra)
            throws Exception {
        return doctorWithKey(sim, user, complianceKey == null ? null : SimulatedSite.complianceKey(sim, complianceKey),
                sim.complianceApiUrl(), extra);
    }

    private int doctorWithKey(ConfluenceSimulator sim, SeededUser user, String keySecret, String complianceUrl,
                       String... extra) throws Exception {
        Path config = dir.resolve("warden.properties");
        StringBuilder settings = new StringBuilder();
        settings.append("paths.plugins=").append(PluginArtifacts.install(dir.resolve("plugins"), "admin-key",
                "compliance")).append('\n').append("plugins.enabled=admin-key,compliance\n");
        settings.append("outbound.maxRetryTime=5s\n");
        if (user != null) {
            Files.writeString(dir.resolve("token"), user.token() + "\n");
            Files.writeString(dir.resolve("key"), keySecret);
            settings.append("confluence.url=").append(sim.baseUrl()).append('\n')
                    .append("confluence.email=").append(user.email()).append('\n')
                    .append("confluence.tokenFile=").append(dir.resolve("token")).append('\n')
                    .append("compliance.url=").append(complianceUrl).append('\n')
                    .append("compliance.keyFile=").append(dir.resolve("key")).append('\n');
        }
        Files.writeString(config, settings.toString());
        CommandLine cli = WardenCommand.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(new StringWriter(), true));
        String[] args = new String[2 + extra.length];
        args[0] = "doctor";
        args[1] = "--config=" + config;
        System.arraycopy(extra, 0, args, 2, extra.length);
        return cli.execute(args);
    }

    @Test
    void aHealthySitePassesEveryCheck(ConfluenceSimulator sim) throws Exception {
        int exit = doctor(sim, sim.user(SeededUser.Role.ORG_ADMIN), "warden-full", "--try-admin-key");
        String printed = out.toString();
        assertThat(exit).as(printed).isZero();
        assertThat(printed).containsPattern("OK +site +" + sim.baseUrl())
                .containsPattern("OK +credentials +authenticated as Olivia Admin <olivia.admin@example.com>")
                .containsPattern("OK +product access")
                .containsPattern("OK +admin rights")
                .containsPattern("OK +admin key +available")
                .containsPattern("OK +compliance key +valid")
                .containsPattern("OK +scope classification::manage +granted")
                .containsPattern("OK +scope detection::read +granted");
    }

    @Test
    void aRevokedTokenFailsWithTheDiagnosisAndExitOne(ConfluenceSimulator sim) throws Exception {
        int exit = doctor(sim, sim.user(SeededUser.Role.REVOKED), "warden-full");
        assertThat(exit).isEqualTo(1);
        assertThat(out.toString()).containsPattern("FAIL +credentials +CANNOT_ACCESS_CONFLUENCE")
                .contains("revoked", "product access")
                .containsPattern("FAIL +product access +Confluence's v2 API answered 404")
                .containsPattern("SKIP +admin rights +needs working credentials")
                .containsPattern("SKIP +admin key");
    }

    @Test
    void aPlainUserIsWarnedThatTheAdminKeyNeedsAnAdmin(ConfluenceSimulator sim) throws Exception {
        doctor(sim, sim.user(SeededUser.Role.USER), "uma-read");
        assertThat(out.toString()).containsPattern("WARN +admin rights +not a Confluence administrator")
                .containsPattern("WARN +scope classification::manage +not granted");
    }

    @Test
    void withoutASiteItSaysSo(ConfluenceSimulator sim) throws Exception {
        int exit = doctor(sim, null, null);
        assertThat(exit).isEqualTo(1);
        assertThat(out.toString()).containsPattern("FAIL +site +no Confluence site is configured")
                .contains("WARDEN_CONFLUENCE_URL");
    }

    @Test
    void aComplianceUrlThatIsNotTheApiFailsNamingTheSettingWhateverTheKey(ConfluenceSimulator sim) throws Exception {
        int exit = doctorWithKey(sim, sim.user(SeededUser.Role.ORG_ADMIN), "totally-wrong-key", sim.baseUrl());
        String printed = out.toString();
        assertThat(exit).as(printed).isEqualTo(1);
        assertThat(printed).containsPattern("FAIL +compliance API +COMPLIANCE_URL")
                .contains("compliance.url", "WARDEN_COMPLIANCE_URL")
                .doesNotContainPattern("OK +compliance key")
                .doesNotContainPattern("OK +scope");
    }

    @Test
    void aWrongComplianceKeyFailsAsRejected(ConfluenceSimulator sim) throws Exception {
        int exit = doctorWithKey(sim, sim.user(SeededUser.Role.ORG_ADMIN), "totally-wrong-key", sim.complianceApiUrl());
        String printed = out.toString();
        assertThat(exit).as(printed).isEqualTo(1);
        assertThat(printed).containsPattern("FAIL +compliance key +COMPLIANCE_KEY_REJECTED")
                .doesNotContainPattern("OK +scope");
    }

    @Test
    void aSamplePageTheKeyCannotSeeLeavesItsScopesUnconfirmedNotGranted(ConfluenceSimulator sim) throws Exception {
        doctor(sim, sim.user(SeededUser.Role.REVOKED), "warden-full");
        String printed = out.toString();
        assertThat(printed).containsPattern("OK +compliance key +valid")
                .containsPattern("WARN +scope classification::read +not confirmed")
                .containsPattern("OK +scope classification::manage +granted")
                .containsPattern("WARN +scope detection::read +not confirmed")
                .doesNotContain("the sample page answered 404");
    }

    @Test
    void aComplianceUrlThatIsNotAnHttpUrlFailsTheDoctorWithThePluginsError(ConfluenceSimulator sim) throws Exception {
        int exit = doctorWithKey(sim, sim.user(SeededUser.Role.ORG_ADMIN), "totally-wrong-key",
                "ac-cloud.com/compliance/api");
        String printed = out.toString();
        assertThat(exit).as(printed).isEqualTo(1);
        assertThat(printed).containsPattern("FAIL +compliance API +the compliance plugin failed to start")
                .contains("compliance.url (WARDEN_COMPLIANCE_URL) is 'ac-cloud.com/compliance/api'");
    }
}
