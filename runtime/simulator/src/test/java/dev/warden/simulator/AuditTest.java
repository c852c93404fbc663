package dev.warden.simulator;

import static dev.warden.simulator.Fixtures.RELEASE_CHECKLIST;
import static dev.warden.simulator.Fixtures.SALARIES;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.simulator.junit.SimulatorExtension;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Section 2 and 3 of the API facts page: the audit log of admin-key use, and who may read it. */
@ExtendWith(SimulatorExtension.class)
class AuditTest {
    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");

    private final ConfluenceSimulator sim;
    private final Http http;
    private Http admin;

    AuditTest(ConfluenceSimulator sim) {
        this.sim = sim;
        this.http = Http.to(sim);
    }

    @BeforeEach
    void freezeTime() {
        sim.clock().set(NOW);
        admin = http.as(Fixtures.admin(sim));
    }

    @Test
    void enablingAndDisablingTheKeyAreRecorded() {
        admin.post("/wiki/api/v2/admin-key", "");
        sim.clock().advance(Duration.ofMinutes(1));
        admin.delete("/wiki/api/v2/admin-key");

        JsonNode results = admin.get("/wiki/rest/api/audit").json().get("results");

        assertThat(results.findValuesAsText("summary")).containsExactly("Admin key disabled", "Admin key enabled");
        JsonNode enabled = results.get(1);
        assertThat(enabled.at("/author/accountId").asText()).isEqualTo(Fixtures.admin(sim).accountId());
        assertThat(enabled.at("/author/displayName").asText()).isEqualTo("Olivia Admin");
        assertThat(enabled.get("creationDate").asLong()).isEqualTo(NOW.toEpochMilli());
        assertThat(enabled.get("remoteAddress").asText()).isEqualTo("127.0.0.1");
        assertThat(enabled.at("/affectedObject/objectType").asText()).isEqualTo("User");
    }

    @Test
    void deletingWhenThereIsNoKeyRecordsNothing() {
        admin.delete("/wiki/api/v2/admin-key");

        assertThat(admin.get("/wiki/rest/api/audit").json().get("results").size()).isZero();
    }

    @Test
    void contentViewedAndEditedThroughTheKeyIsRecordedWithTheAffectedPage() {
        admin.post("/wiki/api/v2/admin-key", "");
        Http withKey = admin.withAdminKey();
        withKey.get("/wiki/api/v2/pages/" + SALARIES);
        withKey.put("/wiki/api/v2/pages/" + SALARIES, "{\"id\":\"" + SALARIES + "\",\"status\":\"current\",\"title\":"
                + "\"Salaries 2026\",\"body\":{\"representation\":\"storage\",\"value\":\"<p/>\"},\"version\":{\"number\":2}}");

        JsonNode results = admin.get("/wiki/rest/api/audit?searchString=Salaries").json().get("results");

        assertThat(results.findValuesAsText("summary"))
                .containsExactly("Page updated with admin key", "Page viewed with admin key");
        assertThat(results.get(0).at("/affectedObject/name").asText()).isEqualTo("Salaries 2026");
        assertThat(results.get(0).at("/affectedObject/objectType").asText()).isEqualTo("Page");
        assertThat(results.get(0).get("description").asText()).contains("id 65552");
    }

    @Test
    void contentOwnerIsEmailedWhenTheKeyIsUsedOnTheirPage() {
        admin.post("/wiki/api/v2/admin-key", "");
        admin.withAdminKey().get("/wiki/api/v2/pages/" + SALARIES);

        JsonNode emails = http.get("/__sim/emails").json();

        assertThat(emails.findValuesAsText("to")).containsExactly("hana.hr@example.com");
        assertThat(emails.get(0).get("pageId").asText()).isEqualTo(SALARIES);
    }

    @Test
    void requestsWithoutTheHeaderAreNotRecorded() {
        admin.post("/wiki/api/v2/admin-key", "");
        admin.get("/wiki/api/v2/pages/" + RELEASE_CHECKLIST);

        assertThat(admin.get("/wiki/rest/api/audit").json().get("results").findValuesAsText("summary"))
                .containsExactly("Admin key enabled");
    }

    @Test
    void recordsFilterByDateRange() {
        admin.post("/wiki/api/v2/admin-key", "");
        sim.clock().advance(Duration.ofHours(1));
        admin.post("/wiki/api/v2/admin-key", "");

        long after = NOW.plus(Duration.ofMinutes(30)).toEpochMilli();
        JsonNode recent = admin.get("/wiki/rest/api/audit?startDate=" + after).json().get("results");
        JsonNode older = admin.get("/wiki/rest/api/audit?endDate=" + after).json().get("results");

        assertThat(recent.size()).isEqualTo(1);
        assertThat(older.size()).isEqualTo(1);
        assertThat(older.get(0).get("creationDate").asLong()).isEqualTo(NOW.toEpochMilli());
    }

    @Test
    void startAndLimitPageTheRecords() {
        for (int i = 0; i < 3; i++) {
            admin.post("/wiki/api/v2/admin-key", "");
        }

        JsonNode page = admin.get("/wiki/rest/api/audit?start=1&limit=1").json();

        assertThat(page.get("size").asInt()).isEqualTo(1);
        assertThat(page.get("start").asInt()).isEqualTo(1);
    }

    @Test
    void userWithoutConfluenceAdministratorPermissionGets403() {
        Http.Reply reply = http.as(Fixtures.uma(sim)).get("/wiki/rest/api/audit");

        assertThat(reply.status()).isEqualTo(403);
        assertThat(reply.json().get("statusCode").asInt()).isEqualTo(403);
    }
}
