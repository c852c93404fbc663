package dev.warden.shipped;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import dev.warden.Integrations;
import dev.warden.engine.RunOutcome;
import dev.warden.plugin.AdminKeyProvider;
import dev.warden.plugin.RuleCallException;
import dev.warden.simulator.ConfluenceSimulator;
import dev.warden.simulator.junit.SimulatorExtension;
import dev.warden.testing.MisbehavingReceiver;
import dev.warden.testing.MisbehavingReceiver.Body;
import dev.warden.testing.RuleBench;
import dev.warden.testing.SimulatedSite;

/**
 * The compliance and admin-key plugins' built jars against a server that was reached but stalls or answers without
 * end: the rule (or the lease) is told the call timed out or the answer was too large, not that the server could not
 * be reached, since it was, and may have acted on the call.
 */
@ExtendWith(SimulatorExtension.class)
class PluginCallLimitsTest {

    @TempDir
    Path dir;
    MisbehavingReceiver receiver;

    @AfterEach
    void tearDown() {
        if (receiver != null) {
            receiver.close();
        }
    }

    private Map<String, String> env(ConfluenceSimulator sim) {
        Map<String, String> env = SimulatedSite.full(sim, dir);
        env.put("WARDEN_OUTBOUND_REQUEST_TIMEOUT", "1s");
        env.put("WARDEN_OUTBOUND_MAX_RESPONSE_BODY", "64KiB");
        return env;
    }

    private String complianceCall(ConfluenceSimulator sim, Body body) {
        receiver = new MisbehavingReceiver(body);
        Map<String, String> env = env(sim);
        env.put("WARDEN_COMPLIANCE_KEY", SimulatedSite.complianceKey(sim, "warden-full"));
        env.put("WARDEN_COMPLIANCE_URL", receiver.url(""));
        try (RuleBench bench = new RuleBench(dir, env)) {
            RunOutcome outcome = bench.run("try { compliance.levels(); return 'answered'; } "
                    + "catch (e) { return [e.code, e.message]; }", "20s");
            return outcome.result();
        }
    }

    @Test
    void aComplianceApiThatStallsAfterItsHeadersIsATimeoutNotUnreachable(ConfluenceSimulator sim) {
        assertThat(complianceCall(sim, Body.STALL)).startsWith("[\"TIMEOUT\",\"the Compliance API at ")
                .contains("did not finish answering within 1s (outbound.requestTimeout)");
    }

    @Test
    void aComplianceApiThatAnswersWithoutEndIsCutOffAsTooLarge(ConfluenceSimulator sim) {
        assertThat(complianceCall(sim, Body.ENDLESS)).startsWith("[\"RESPONSE_TOO_LARGE\",")
                .contains("answered more than 64KiB (outbound.maxResponseBody)");
    }

    @Test
    void anAdminKeyCallThatStallsIsATimeoutNotUnreachable(ConfluenceSimulator sim) {
        receiver = new MisbehavingReceiver(Body.STALL);
        Map<String, String> env = env(sim);
        env.put("WARDEN_CONFLUENCE_URL", receiver.url(""));
        try (Integrations integrations = SimulatedSite.integrations(env)) {
            AdminKeyProvider keys = integrations.plugins().extensions(AdminKeyProvider.class).getFirst();
            assertThatThrownBy(() -> keys.enable(Duration.ofMinutes(5)))
                    .isInstanceOfSatisfying(RuleCallException.class, e -> {
                        assertThat(e.code()).isEqualTo("TIMEOUT");
                        assertThat(e.getMessage()).contains("within 1s (outbound.requestTimeout)");
                    });
        }
    }
}
