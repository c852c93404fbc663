package dev.warden.shipped;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import dev.warden.http.Json;
import dev.warden.simulator.ConfluenceSimulator;
import dev.warden.simulator.junit.SimulatorExtension;
import dev.warden.testing.SimulatedSite;
import dev.warden.testing.SimpleWarden;

/**
 * The admin-key plugin feeds the lease manager, and the Confluence client's RunHeaders seam sends the admin-key
 * header on the requests of the leased run only: a restricted page reads with the key and answers 404 without it.
 */
@ExtendWith(SimulatorExtension.class)
class AdminKeyLeaseTest {

    @TempDir
    Path dir;

    @Test
    void onlyTheRunThatDeclaredAdminKeyReadsTheRestrictedPage(ConfluenceSimulator sim) throws Exception {
        Map<String, String> env = SimulatedSite.full(sim, dir);
        env.put("WARDEN_ADMIN_KEY_ALLOWED_RULES", "read-salaries");
        try (SimpleWarden warden = new SimpleWarden(dir, env)) {
            Files.createDirectories(warden.rulesDir());
            Files.writeString(warden.rulesDir().resolve("salaries.js"), """
                    import { rule, manual } from 'warden';
                    export const leased = rule({ id: 'read-salaries', adminKey: { minutes: 5 }, triggers: [manual()],
                      run({ confluence }) { return confluence.page('65552').title; } });
                    export const plain = rule({ id: 'peek', triggers: [manual()],
                      run({ confluence }) { try { return confluence.page('65552').title; } catch (e) { return e.status; } } });
                    """);
            warden.start();
            JsonNode leased = warden.post("/api/v1/rules/read-salaries/runs?wait=30s", "{}").json();
            assertThat(leased.path("status").asText()).as(leased.toString()).isEqualTo("SUCCEEDED");
            assertThat(leased.path("result").asText()).isEqualTo("Salaries 2026");
            JsonNode plain = warden.post("/api/v1/rules/peek/runs?wait=30s", "{}").json();
            assertThat(plain.path("result").asInt()).isEqualTo(404);
        }
        JsonNode log = Faults.requests(sim);
        int withKey = 0;
        for (JsonNode request : log) {
            if (request.path("path").asText().equals("/wiki/api/v2/pages/65552")) {
                boolean header = request.path("headers").has("atl-confluence-with-admin-key");
                assertThat(request.path("status").asInt()).isEqualTo(header ? 200 : 404);
                withKey += header ? 1 : 0;
            }
        }
        assertThat(withKey).isEqualTo(1);
        assertThat(log.toString()).contains("\"method\":\"POST\",\"path\":\"/wiki/api/v2/admin-key\"");
    }

    @Test
    void whileTheKeyIsEnabledForALeasedRunAnotherRunsRequestsStillCarryNoHeader(ConfluenceSimulator sim)
            throws Exception {
        Map<String, String> env = SimulatedSite.full(sim, dir);
        env.put("WARDEN_ADMIN_KEY_ALLOWED_RULES", "read-slowly");
        env.put("WARDEN_ENGINE_WORKERS", "2");
        try (SimpleWarden warden = new SimpleWarden(dir, env)) {
            Files.createDirectories(warden.rulesDir());
            Files.writeString(warden.rulesDir().resolve("salaries.js"), """
                    import { rule, manual } from 'warden';
                    export const leased = rule({ id: 'read-slowly', adminKey: { minutes: 5 }, timeout: '30s',
                      triggers: [manual()], run({ confluence }) {
                        const first = confluence.page('65552').title;
                        const until = Date.now() + 2500; while (Date.now() < until) {}
                        return first + '|' + confluence.page('65552').title;
                      } });
                    export const plain = rule({ id: 'peek', triggers: [manual()],
                      run({ confluence }) { try { return confluence.page('65552').title; } catch (e) { return e.status; } } });
                    """);
            warden.start();
            String leasedId = warden.post("/api/v1/rules/read-slowly/runs", "{}").json().path("id").asText();
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (!Faults.requests(sim).toString().contains("\"path\":\"/wiki/api/v2/pages/65552\"")
                    && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            JsonNode plain = warden.post("/api/v1/rules/peek/runs?wait=30s", "{}").json();
            assertThat(plain.path("result").asInt()).as(plain.toString()).isEqualTo(404);
            JsonNode leased = warden.post("/api/v1/runs/" + leasedId + "/cancel", "").json();
            assertThat(leased).isNotNull();
        }
        JsonNode log = Faults.requests(sim);
        int enabled = -1;
        int disabled = -1;
        int plainWhileEnabled = 0;
        int withHeader = 0;
        for (int i = 0; i < log.size(); i++) {
            JsonNode request = log.get(i);
            String path = request.path("path").asText();
            boolean header = request.path("headers").has("atl-confluence-with-admin-key");
            if (path.equals("/wiki/api/v2/admin-key") && request.path("method").asText().equals("POST")) {
                enabled = i;
            } else if (path.equals("/wiki/api/v2/admin-key") && request.path("method").asText().equals("DELETE")) {
                disabled = i;
            } else if (path.equals("/wiki/api/v2/pages/65552")) {
                assertThat(request.path("status").asInt()).isEqualTo(header ? 200 : 404);
                withHeader += header ? 1 : 0;
                if (!header && enabled >= 0 && disabled < 0) {
                    plainWhileEnabled++;
                }
            }
        }
        assertThat(withHeader).as("the leased run's reads carried the header").isGreaterThanOrEqualTo(1);
        assertThat(plainWhileEnabled).as("the other run read while the key was on, without the header").isEqualTo(1);
        assertThat(disabled).as("the key was disabled after the leased run").isGreaterThan(enabled);
    }

    @Test
    void anEnableConfluenceDidNotAnswerInTimeIsReportedAsSuchAndTheKeyItMayHaveTurnedOnEndsDisabled(
            ConfluenceSimulator sim) throws Exception {
        Map<String, String> env = SimulatedSite.full(sim, dir);
        env.put("WARDEN_ADMIN_KEY_ALLOWED_RULES", "read-salaries");
        env.put("WARDEN_OUTBOUND_REQUEST_TIMEOUT", "1s");
        env.put("WARDEN_OUTBOUND_MAX_ATTEMPTS", "2");
        dev.warden.testing.SiteAdminKeys keys = new dev.warden.testing.SiteAdminKeys(sim,
                sim.user(dev.warden.simulator.SeededUser.Role.ORG_ADMIN));
        try (SimpleWarden warden = new SimpleWarden(dir, env)) {
            Files.createDirectories(warden.rulesDir());
            Files.writeString(warden.rulesDir().resolve("salaries.js"), """
                    import { rule, manual } from 'warden';
                    export const leased = rule({ id: 'read-salaries', adminKey: { minutes: 5 }, timeout: '3s',
                      triggers: [manual()], run({ confluence }) { return confluence.page('65552').title; } });
                    """);
            warden.start();
            new dev.warden.testing.SimulatorControl(sim).fault("{\"path\":\"/wiki/api/v2/admin-key\","
                    + "\"method\":\"POST\",\"delayMs\":3000}");
            JsonNode run = warden.post("/api/v1/rules/read-salaries/runs?wait=60s", "{}").json();
            assertThat(run.path("status").asText()).as(run.toString()).isEqualTo("FAILED");
            assertThat(run.path("error").toString()).contains("LEASE_ENABLE_FAILED").contains("did not answer")
                    .doesNotContain("refused");
            new dev.warden.testing.SimulatorControl(sim).clearFaults();
            // The delayed POSTs are carried out by Confluence after Warden gave up on them.
            Thread.sleep(6000);
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (keys.status().active() && System.nanoTime() < deadline) {
                Thread.sleep(250);
            }
            assertThat(keys.status().active()).as("the key a late enable turned on is disabled").isFalse();
            JsonNode audit = warden.get("/api/v1/leases/audit?action=enable-unknown").json();
            assertThat(audit.path("entries")).as(audit.toString()).hasSize(1);
        }
    }

    /** The simulator's request log. */
    private static final class Faults {
        static JsonNode requests(ConfluenceSimulator sim) throws Exception {
            return Json.MAPPER.readTree(java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create(sim.baseUrl() + "/__sim/requests"))
                            .build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body());
        }
    }
}
