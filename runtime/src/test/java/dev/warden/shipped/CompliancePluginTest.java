package dev.warden.shipped;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import dev.warden.engine.RunOutcome;
import dev.warden.http.Json;
import dev.warden.plugins.PluginInfo;
import dev.warden.runs.RunStatus;
import dev.warden.simulator.ConfluenceSimulator;
import dev.warden.simulator.junit.SimulatorExtension;
import dev.warden.testing.RuleBench;
import dev.warden.testing.SimulatedSite;

/** {@code compliance} in rules, from the compliance plugin's built jar, against the simulated Compliance API. */
@ExtendWith(SimulatorExtension.class)
class CompliancePluginTest {

    @TempDir
    Path dir;

    private JsonNode run(ConfluenceSimulator sim, String keyName, String body) throws Exception {
        return run(sim, keyName, sim.complianceApiUrl(), body);
    }

    private JsonNode run(ConfluenceSimulator sim, String keyName, String complianceUrl, String body) throws Exception {
        Path home = Files.createTempDirectory(dir, "run");
        Map<String, String> env = SimulatedSite.full(sim, home);
        env.put("WARDEN_COMPLIANCE_KEY", SimulatedSite.complianceKey(sim, keyName));
        env.put("WARDEN_COMPLIANCE_URL", complianceUrl);
        try (RuleBench bench = new RuleBench(home, env)) {
            RunOutcome outcome = bench.run(body);
            assertThat(outcome.status()).as(String.valueOf(outcome.error())).isEqualTo(RunStatus.SUCCEEDED);
            return Json.MAPPER.readTree(outcome.result());
        }
    }

    private static final String CATCH = """
            try { %s; return { ok: true }; }
            catch (e) { return { status: e.status, code: e.code, diagnosis: e.diagnosis }; }""";

    @Test
    void readsAndSetsClassificationsListsLevelsAndDetections(ConfluenceSimulator sim) throws Exception {
        JsonNode r = run(sim, "warden-full", """
                const before = compliance.classification('65539');
                const set = compliance.classify('65539', 'Internal');
                return { confidential: compliance.classification('65540').levelName, before,
                  after: set.levelName, levels: compliance.levels().map(l => l.name),
                  detections: compliance.detections('65540').map(d => d.id),
                  redacted: compliance.redact('d-1001').status };""");
        assertThat(r.path("confidential").asText()).isEqualTo("Confidential");
        assertThat(r.path("before").isNull()).isTrue();
        assertThat(r.path("after").asText()).isEqualTo("Internal");
        assertThat(r.path("levels").toString()).isEqualTo("[\"Public\",\"Internal\",\"Confidential\",\"Restricted\"]");
        assertThat(r.path("detections").toString()).isEqualTo("[\"d-1001\"]");
        assertThat(r.path("redacted").asText()).isEqualTo("REDACTED");
    }

    @Test
    void aMissingScopeIsNamed(ConfluenceSimulator sim) throws Exception {
        JsonNode e = run(sim, "warden-read", CATCH.formatted("compliance.levels()"));
        assertThat(e.path("status").asInt()).isEqualTo(403);
        assertThat(e.path("code").asText()).isEqualTo("COMPLIANCE_SCOPE");
        assertThat(e.path("diagnosis").asText()).contains("classification::manage");
    }

    @Test
    void aSpaceLimitIsNamed(ConfluenceSimulator sim) throws Exception {
        JsonNode e = run(sim, "eng-classifier", CATCH.formatted(
                "compliance.classify('65551', '3f0b8a52-1c2d-4e5f-8a9b-0c1d2e3f4a02')"));
        assertThat(e.path("code").asText()).isEqualTo("COMPLIANCE_LIMIT");
        assertThat(e.path("diagnosis").asText()).contains("space limit", "space HR");
    }

    @Test
    void aRevokedKeyIsToldApartFromAMissingOne(ConfluenceSimulator sim) throws Exception {
        JsonNode revoked = run(sim, "revoked", CATCH.formatted("compliance.classification('65540')"));
        assertThat(revoked.path("status").asInt()).isEqualTo(401);
        assertThat(revoked.path("code").asText()).isEqualTo("COMPLIANCE_KEY_REJECTED");
        assertThat(revoked.path("diagnosis").asText()).contains("revoked", "WARDEN_COMPLIANCE_KEY");
    }

    @Test
    void aPageWithoutAClassificationIsNullButAnUnknownOrHiddenPageIsNotFound(ConfluenceSimulator sim)
            throws Exception {
        JsonNode r = run(sim, "warden-full", """
                const caught = id => { try { return compliance.classification(id); }
                  catch (e) { return { status: e.status, code: e.code, diagnosis: e.diagnosis }; } };
                return { unclassified: compliance.classification('65539'), hidden: caught('65552'),
                  unknown: caught('999999') };""");
        assertThat(r.path("unclassified").isNull()).as(r.toString()).isTrue();
        for (String page : new String[] {"hidden", "unknown"}) {
            assertThat(r.path(page).path("status").asInt()).as(r.toString()).isEqualTo(404);
            assertThat(r.path(page).path("code").asText()).isEqualTo("NOT_FOUND");
            assertThat(r.path(page).path("diagnosis").asText()).contains("cannot see");
        }
    }

    @Test
    void aComplianceUrlWithoutTheApiPathIsAConfigurationErrorNamingTheSetting(ConfluenceSimulator sim)
            throws Exception {
        for (String url : new String[] {sim.baseUrl(), sim.baseUrl() + "/compliance"}) {
            JsonNode r = run(sim, "warden-full", url, """
                    const caught = f => { try { return f(); }
                      catch (e) { return { status: e.status, code: e.code, message: e.message,
                        diagnosis: e.diagnosis }; } };
                    return { read: caught(() => compliance.classification('65539')),
                      levels: caught(() => compliance.levels()) };""");
            for (String call : new String[] {"read", "levels"}) {
                JsonNode e = r.path(call);
                assertThat(e.path("code").asText()).as(url + " " + r).isEqualTo("COMPLIANCE_URL");
                assertThat(e.path("status").asInt()).isNotEqualTo(404);
                assertThat(e.path("message").asText()).contains(url, "404");
                assertThat(e.path("diagnosis").asText()).contains("compliance.url", "WARDEN_COMPLIANCE_URL");
            }
        }
    }

    @Test
    void aComplianceUrlThatIsNotAnHttpUrlFailsThePluginNamingTheSetting(ConfluenceSimulator sim) throws Exception {
        for (String url : new String[] {"ac-cloud.com/compliance/api", "ftp://ac-cloud.com/compliance/api",
                "https://ac cloud.com/compliance/api"}) {
            Path home = Files.createTempDirectory(dir, "run");
            Map<String, String> env = SimulatedSite.full(sim, home);
            env.put("WARDEN_COMPLIANCE_URL", url);
            try (RuleBench bench = new RuleBench(home, env)) {
                PluginInfo plugin = bench.integrations().plugins().plugin("compliance");
                assertThat(plugin.state()).as(url).isEqualTo("FAILED");
                assertThat(plugin.error()).contains("compliance.url", "WARDEN_COMPLIANCE_URL", url);
            }
        }
    }
}
