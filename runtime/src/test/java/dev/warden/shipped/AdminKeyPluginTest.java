package dev.warden.shipped;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import dev.warden.Integrations;
import dev.warden.engine.RunOutcome;
import dev.warden.plugin.AdminKeyProvider;
import dev.warden.plugin.AdminKeyStatus;
import dev.warden.plugin.RuleCallException;
import dev.warden.simulator.ConfluenceSimulator;
import dev.warden.simulator.SeededUser;
import dev.warden.simulator.junit.SimulatorExtension;
import dev.warden.testing.RuleBench;
import dev.warden.testing.SimulatedSite;

/** The admin-key plugin, loaded from its built jar, against the simulator's /wiki/api/v2/admin-key. */
@ExtendWith(SimulatorExtension.class)
class AdminKeyPluginTest {

    @TempDir
    Path dir;

    private static AdminKeyProvider provider(Integrations integrations) {
        return integrations.plugins().extensions(AdminKeyProvider.class).getFirst();
    }

    @Test
    void anOrgAdminEnablesReadsAndDisablesTheKey(ConfluenceSimulator sim) {
        try (Integrations integrations = SimulatedSite.integrations(SimulatedSite.full(sim, dir))) {
            AdminKeyProvider keys = provider(integrations);
            assertThat(keys.status().active()).isFalse();
            AdminKeyStatus enabled = keys.enable(Duration.ofMinutes(5));
            assertThat(enabled.active()).isTrue();
            assertThat(enabled.accountId()).isEqualTo(sim.user(SeededUser.Role.ORG_ADMIN).accountId());
            assertThat(enabled.expiresAt()).isBetween(Instant.now().plusSeconds(4 * 60), Instant.now().plusSeconds(6 * 60));
            assertThat(keys.status().expiresAt()).isEqualTo(enabled.expiresAt());
            keys.disable();
            assertThat(keys.status().active()).isFalse();
            keys.disable();
        }
    }

    @Test
    void aPlainUserIsToldTheKeyNeedsAnAdminOnPremium(ConfluenceSimulator sim) {
        Map<String, String> env = SimulatedSite.full(sim, dir);
        env.putAll(SimulatedSite.as(sim, SeededUser.Role.USER));
        try (Integrations integrations = SimulatedSite.integrations(env)) {
            assertThatThrownBy(() -> provider(integrations).enable(Duration.ofMinutes(1)))
                    .isInstanceOfSatisfying(RuleCallException.class, e -> {
                        assertThat(e.code()).isEqualTo("ADMIN_KEY_UNAVAILABLE");
                        assertThat(e.diagnosis()).contains("organization or site admin", "Premium or Enterprise");
                    });
        }
    }

    @Test
    void moreThanSixtyMinutesIsRefusedBeforeAskingConfluence(ConfluenceSimulator sim) {
        try (Integrations integrations = SimulatedSite.integrations(SimulatedSite.full(sim, dir))) {
            assertThatThrownBy(() -> provider(integrations).enable(Duration.ofMinutes(145)))
                    .isInstanceOfSatisfying(RuleCallException.class,
                            e -> assertThat(e.code()).isEqualTo("INVALID_DURATION"));
        }
    }

    @Test
    void rulesMayReadTheKeyStatusButNotEnableIt(ConfluenceSimulator sim) {
        try (RuleBench bench = new RuleBench(dir, SimulatedSite.full(sim, dir))) {
            RunOutcome outcome = bench.run("""
                    return { status: plugins.adminKey.status(), functions: Object.keys(plugins.adminKey) };""");
            assertThat(outcome.result()).isEqualTo("{\"status\":{\"active\":false,\"accountId\":null,"
                    + "\"expiresAt\":null},\"functions\":[\"status\"]}");
        }
    }
}
