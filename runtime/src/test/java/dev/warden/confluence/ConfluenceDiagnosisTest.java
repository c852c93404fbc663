package dev.warden.confluence;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import dev.warden.engine.RunOutcome;
import dev.warden.http.Json;
import dev.warden.runs.RunStatus;
import dev.warden.simulator.ConfluenceSimulator;
import dev.warden.simulator.SeededUser;
import dev.warden.simulator.junit.SimulatorExtension;
import dev.warden.testing.RuleBench;
import dev.warden.testing.SimulatedSite;

/** Each row of the failure matrix reaches the rule as an error with status, code and a plain-words diagnosis. */
@ExtendWith(SimulatorExtension.class)
class ConfluenceDiagnosisTest {

    private static final String CATCH = """
            try { %s; return { ok: true }; }
            catch (e) { return { status: e.status, code: e.code, message: e.message, diagnosis: e.diagnosis }; }""";

    @TempDir
    Path dir;

    private JsonNode error(Map<String, String> env, String call) throws Exception {
        try (RuleBench bench = new RuleBench(dir, env)) {
            RunOutcome outcome = bench.run(CATCH.formatted(call));
            assertThat(outcome.status()).isEqualTo(RunStatus.SUCCEEDED);
            return Json.MAPPER.readTree(outcome.result());
        }
    }

    private static Map<String, String> scoped(ConfluenceSimulator sim, String token, String type) {
        Map<String, String> env = SimulatedSite.as(sim, SeededUser.Role.ORG_ADMIN);
        env.put("WARDEN_CONFLUENCE_TOKEN", token);
        env.put("WARDEN_CONFLUENCE_TOKEN_TYPE", type);
        env.put("WARDEN_CONFLUENCE_GATEWAY_URL", sim.baseUrl());
        return env;
    }

    @Test
    void aRevokedTokenGets403NamingTheLikelyCausesAndWhatToCheck(ConfluenceSimulator sim) throws Exception {
        JsonNode e = error(SimulatedSite.as(sim, SeededUser.Role.REVOKED), "confluence.currentUser()");
        assertThat(e.path("status").asInt()).isEqualTo(403);
        assertThat(e.path("code").asText()).isEqualTo("CANNOT_ACCESS_CONFLUENCE");
        assertThat(e.path("diagnosis").asText()).contains("revoked", "mistyped", "product access",
                "another account", "ravi.revoked@example.com", "warden doctor");
    }

    @Test
    void anAccountWithoutProductAccessGetsTheSameDiagnosis(ConfluenceSimulator sim) throws Exception {
        JsonNode e = error(SimulatedSite.as(sim, SeededUser.Role.NO_PRODUCT_ACCESS),
                "confluence.search('type = page')");
        assertThat(e.path("code").asText()).isEqualTo("CANNOT_ACCESS_CONFLUENCE");
        assertThat(e.path("diagnosis").asText()).contains("no Confluence product access");
    }

    @Test
    void aScopedTokenMissingAScopeIsToldWhichScope(ConfluenceSimulator sim) throws Exception {
        Map<String, String> env = scoped(sim, "sim-scoped-olivia-read-only", "scoped");
        JsonNode read = error(env, "confluence.page('65538')");
        assertThat(read.path("ok").asBoolean()).as(read.toString()).isTrue();
        JsonNode e = error(env, "confluence.updatePage('65538', { title: 'x' })");
        assertThat(e.path("status").asInt()).isEqualTo(401);
        assertThat(e.path("code").asText()).isEqualTo("SCOPE_MISMATCH");
        assertThat(e.path("diagnosis").asText()).contains("write:page:confluence");
    }

    @Test
    void aScopedTokenSentToTheSiteUrlIsToldToUseTheGateway(ConfluenceSimulator sim) throws Exception {
        JsonNode e = error(scoped(sim, "sim-scoped-olivia-full", "classic"), "confluence.page('65538')");
        assertThat(e.path("status").asInt()).isEqualTo(401);
        assertThat(e.path("code").asText()).isEqualTo("SCOPED_TOKEN_ON_SITE_URL");
        assertThat(e.path("diagnosis").asText()).contains("HTML", "api.atlassian.com/ex/confluence",
                "confluence.tokenType=scoped");
    }

    @Test
    void aRestrictedPageAnswers404WithTheAdminKeyHint(ConfluenceSimulator sim) throws Exception {
        JsonNode e = error(SimulatedSite.as(sim, SeededUser.Role.ORG_ADMIN), "confluence.page('65552')");
        assertThat(e.path("status").asInt()).isEqualTo(404);
        assertThat(e.path("code").asText()).isEqualTo("NOT_FOUND");
        assertThat(e.path("diagnosis").asText()).contains("restricted", "adminKey");
    }

    @Test
    void anAddressOffTheAllowListIsNamedAsTheCause(ConfluenceSimulator sim) throws Exception {
        HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/__sim/ip-allowlist"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"enabled\":true,\"allowed\":[\"203.0.113.7\"]}"))
                .build(), HttpResponse.BodyHandlers.discarding());
        JsonNode e = error(SimulatedSite.as(sim, SeededUser.Role.ORG_ADMIN), "confluence.currentUser()");
        assertThat(e.path("code").asText()).isEqualTo("IP_NOT_ALLOWED");
        assertThat(e.path("diagnosis").asText()).contains("allow-list");
    }

    @Test
    void withoutASiteEveryCallSaysWhatToConfigure() throws Exception {
        JsonNode e = error(Map.of(), "confluence.page('1')");
        assertThat(e.path("code").asText()).isEqualTo("NO_SITE");
        assertThat(e.path("diagnosis").asText()).contains("WARDEN_CONFLUENCE_URL");
    }

    @Test
    void anUncaughtErrorKeepsItsDiagnosisInTheRunRecord(ConfluenceSimulator sim) {
        try (RuleBench bench = new RuleBench(dir, SimulatedSite.as(sim, SeededUser.Role.REVOKED))) {
            RunOutcome outcome = bench.run("return confluence.currentUser();");
            assertThat(outcome.status()).isEqualTo(RunStatus.FAILED);
            assertThat(outcome.error().message()).contains("403");
            assertThat(outcome.error().diagnosis()).contains("product access");
        }
    }
}
