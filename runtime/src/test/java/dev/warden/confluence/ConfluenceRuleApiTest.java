package dev.warden.confluence;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
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

/** {@code confluence} in the rule context, against the simulator over HTTP. */
@ExtendWith(SimulatorExtension.class)
class ConfluenceRuleApiTest {

    @TempDir
    Path dir;
    RuleBench bench;

    @BeforeEach
    void setUp(ConfluenceSimulator sim) {
        bench = new RuleBench(dir, SimulatedSite.as(sim, SeededUser.Role.ORG_ADMIN));
    }

    @AfterEach
    void tearDown() {
        bench.close();
    }

    private JsonNode result(String body) throws Exception {
        RunOutcome outcome = bench.run(body);
        assertThat(outcome.status()).as(String.valueOf(outcome.error())).isEqualTo(RunStatus.SUCCEEDED);
        return Json.MAPPER.readTree(outcome.result());
    }

    @Test
    void readsAPageWithItsStorageBody() throws Exception {
        JsonNode page = result("return confluence.page('65538');");
        assertThat(page.path("title").asText()).isEqualTo("Release checklist");
        assertThat(page.path("version").path("number").asInt()).isEqualTo(3);
        assertThat(page.path("body").path("storage").path("value").asText()).isNotBlank();
    }

    @Test
    void listsPagesOfASpaceThroughEveryCursorPage() throws Exception {
        JsonNode all = result("return confluence.pages({ spaceKey: 'ENG' }).map(p => p.id);");
        assertThat(all).hasSize(7);
        JsonNode paged = result("""
                const ids = confluence.request('GET', '/wiki/api/v2/pages?space-id=98305&limit=2').body.results;
                return { firstPage: ids.length, all: confluence.pages({ spaceId: '98305', max: 5, pageSize: 2 }).length };""");
        assertThat(paged.path("firstPage").asInt()).isEqualTo(2);
        assertThat(paged.path("all").asInt()).isEqualTo(5);
    }

    @Test
    void searchesWithCqlAcrossCursorPages(ConfluenceSimulator sim) throws Exception {
        JsonNode titles = result("""
                return confluence.pages({ cql: 'space = ENG AND label = adr OR title ~ "ADR"' }).map(p => p.title);""");
        assertThat(titles.toString()).contains("ADR-001", "ADR-002");
        JsonNode found = result("return confluence.search('type = page', { pageSize: 5 }).length;");
        assertThat(found.asInt()).isEqualTo(12);
        assertThat(Faults.requests(sim, "GET", "/wiki/rest/api/search")).isEqualTo(1 + 3);
    }

    @Test
    void createsAndUpdatesAPageIncrementingItsVersion() throws Exception {
        JsonNode page = result("""
                const created = confluence.createPage({ spaceKey: 'ENG', title: 'Warden notes', body: '<p>one</p>' });
                const updated = confluence.updatePage(created.id, { body: '<p>two</p>', message: 'by Warden' });
                return confluence.page(created.id);""");
        assertThat(page.path("version").path("number").asInt()).isEqualTo(2);
        assertThat(page.path("body").path("storage").path("value").asText()).isEqualTo("<p>two</p>");
    }

    @Test
    void anUpdateThatMeetsA409RereadsThePageAndRetries(ConfluenceSimulator sim) throws Exception {
        Faults.add(sim, "{\"path\":\"/wiki/api/v2/pages/65539\",\"method\":\"PUT\",\"status\":409,\"times\":1,"
                + "\"body\":\"{\\\"errors\\\":[{\\\"status\\\":409,\\\"code\\\":\\\"CONFLICT\\\",\\\"title\\\":"
                + "\\\"Version must be incremented\\\",\\\"detail\\\":null}]}\"}");
        JsonNode page = result("return confluence.updatePage('65539', { title: 'On-call runbook (v2)' });");
        assertThat(page.path("title").asText()).isEqualTo("On-call runbook (v2)");
        assertThat(Faults.requests(sim, "PUT", "/wiki/api/v2/pages/65539")).isEqualTo(2);
        assertThat(Faults.requests(sim, "GET", "/wiki/api/v2/pages/65539")).isEqualTo(2);
    }

    @Test
    void readsSpacesLabelsRestrictionsAndTheCurrentUser() throws Exception {
        JsonNode all = result("""
                return { spaces: confluence.spaces().map(s => s.key), hr: confluence.space('HR').name,
                  labels: confluence.labels('65538').map(l => l.name),
                  restrictions: confluence.restrictions('65538').map(r => r.operation),
                  me: confluence.currentUser().email };""");
        assertThat(all.path("spaces").toString()).contains("ENG", "HR", "HB");
        assertThat(all.path("hr").asText()).isEqualTo("Human Resources");
        assertThat(all.path("labels").toString()).contains("release", "checklist");
        assertThat(all.path("restrictions").toString()).contains("read", "update");
        assertThat(all.path("me").asText()).isEqualTo("olivia.admin@example.com");
    }

    @Test
    void rawRequestsStayOnTheSiteAndMayNotSetTheAdminKeyHeader() throws Exception {
        JsonNode refused = result("""
                const tries = [
                  () => confluence.request('GET', '/wiki/api/v2/pages/65552', null,
                        { headers: { 'atl-confluence-with-admin-key': 'true' } }),
                  () => confluence.request('GET', 'https://elsewhere.example/wiki/x'),
                  () => confluence.request('GET', '/wiki/../secret'),
                  () => confluence.request('GET', '/wiki/api/v2/spaces', null, { headers: { Authorization: 'x' } }),
                  () => confluence.request('GET', '/wiki/api/v2/spaces', null,
                        { headers: { 'Proxy-Authorization': 'x' } }),
                  () => confluence.request('GET', '/wiki/api/v2/spaces', null, { headers: { 'X-Forwarded-For': 'x' } }),
                  () => confluence.request('GET', '/wiki/api/v2/spaces', null, { headers: { 'Bad Name': 'x' } }),
                  () => confluence.request('GET', '/wiki/api/v2/spaces', null, { headers: { 'X-Ok': 'a\\r\\nX-Evil: 1' } }),
                ];
                return tries.map(t => { try { t(); return 'allowed'; } catch (e) { return e.code + (e.code === 'BAD_ARGUMENT' && /header/.test(e.message) ? ':header' : ''); } });""");
        assertThat(refused.toString()).isEqualTo("[\"HEADER_NOT_ALLOWED\",\"BAD_ARGUMENT\",\"BAD_ARGUMENT\","
                + "\"HEADER_NOT_ALLOWED\",\"HEADER_NOT_ALLOWED\",\"HEADER_NOT_ALLOWED\",\"BAD_ARGUMENT:header\","
                + "\"BAD_ARGUMENT:header\"]");
        JsonNode ok = result("return confluence.request('GET', '/wiki/api/v2/spaces?keys=HB');");
        assertThat(ok.path("status").asInt()).isEqualTo(200);
        assertThat(ok.path("body").path("results").path(0).path("key").asText()).isEqualTo("HB");
    }

    @Test
    void rawRequestsMayNotTurnTheAdminKeyOnOrOffHoweverThePathIsSpelt(ConfluenceSimulator sim) throws Exception {
        JsonNode refused = result("""
                const paths = ['/wiki/api/v2/admin-key', '/wiki/api/v2/Admin-Key/', '/wiki/api/v2//admin-key?x=1',
                  '/wiki/api/v2/admin%2Dkey', '/wiki/api/v2/admin%252Dkey', '/wiki/api/v2/./admin-key',
                  '/wiki/api/v2/%2e%2e/v2/admin-key'];
                return paths.flatMap(p => ['POST', 'DELETE'].map(m => {
                  try { confluence.request(m, p, m === 'POST' ? { durationInMinutes: 60 } : null); return 'allowed'; }
                  catch (e) { return e.code; } }));""");
        assertThat(refused).hasSize(14);
        assertThat(refused).allSatisfy(code -> assertThat(code.asText()).isIn("ADMIN_KEY_ENDPOINT_NOT_ALLOWED",
                "BAD_ARGUMENT"));
        JsonNode requests = Json.MAPPER.readTree(java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(sim.baseUrl() + "/__sim/requests")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body());
        assertThat(requests.toString()).as("nothing reached the simulator's admin-key endpoint")
                .doesNotContainIgnoringCase("admin-key").doesNotContainIgnoringCase("admin%2");
    }
}
