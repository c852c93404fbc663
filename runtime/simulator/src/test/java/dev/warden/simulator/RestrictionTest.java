package dev.warden.simulator;

import static dev.warden.simulator.Fixtures.HOLIDAY_POLICY;
import static dev.warden.simulator.Fixtures.RELEASE_CHECKLIST;
import static dev.warden.simulator.Fixtures.SALARIES;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.simulator.junit.SimulatorExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Section 3 of the API facts page: v1 restrictions, read and update, by user and group. */
@ExtendWith(SimulatorExtension.class)
class RestrictionTest {
    private static final String UMA = "5f1a0c2e9b3d4a0012e4a002";

    private final ConfluenceSimulator sim;
    private final Http uma;
    private final Http hana;

    RestrictionTest(ConfluenceSimulator sim) {
        this.sim = sim;
        this.uma = Http.to(sim).as(Fixtures.uma(sim));
        this.hana = Http.to(sim).as(Fixtures.hana(sim));
    }

    @Test
    void restrictionsListReadAndUpdateWithUsersAndGroups() {
        Http.Reply reply = hana.get("/wiki/rest/api/content/" + SALARIES + "/restriction");

        assertThat(reply.status()).isEqualTo(200);
        JsonNode results = reply.json().get("results");
        assertThat(results.findValuesAsText("operation")).containsExactly("read", "update");
        assertThat(results.get(0).at("/restrictions/group/results/0/name").asText()).isEqualTo("hr");
        assertThat(results.get(0).at("/restrictions/user/results").size()).isZero();
        assertThat(results.get(1).at("/restrictions/user/results/0/accountId").asText())
                .isEqualTo(Fixtures.hana(sim).accountId());
    }

    @Test
    void restrictionsOfAnInvisiblePageAre404WithTheV1Body() {
        Http.Reply reply = uma.get("/wiki/rest/api/content/" + SALARIES + "/restriction");

        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.json().get("statusCode").asInt()).isEqualTo(404);
        assertThat(reply.json().get("message").asText()).contains("No content found with id: ContentId{id=65552}");
    }

    @Test
    void putReplacesAllRestrictionsAndHidesThePage() {
        String onlyUma = "[{\"operation\":\"read\",\"restrictions\":{\"user\":[{\"type\":\"known\",\"accountId\":\""
                + UMA + "\"}],\"group\":[]}}]";

        Http.Reply reply = uma.put("/wiki/rest/api/content/" + RELEASE_CHECKLIST + "/restriction", onlyUma);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().at("/results/0/restrictions/user/results/0/accountId").asText()).isEqualTo(UMA);
        assertThat(hana.get("/wiki/api/v2/pages/" + RELEASE_CHECKLIST).status()).isEqualTo(404);
        assertThat(uma.get("/wiki/api/v2/pages/" + RELEASE_CHECKLIST).status()).isEqualTo(200);
    }

    @Test
    void postAddsAGroupRestriction() {
        String hrGroup = "[{\"operation\":\"read\",\"restrictions\":{\"group\":[{\"type\":\"group\",\"name\":\"hr\"}]}}]";

        assertThat(hana.post("/wiki/rest/api/content/" + HOLIDAY_POLICY + "/restriction", hrGroup).status())
                .isEqualTo(200);

        assertThat(uma.get("/wiki/api/v2/pages/" + HOLIDAY_POLICY).status()).isEqualTo(404);
    }

    @Test
    void deleteRemovesEveryRestriction() {
        assertThat(hana.delete("/wiki/rest/api/content/" + SALARIES + "/restriction").status()).isEqualTo(200);

        assertThat(uma.get("/wiki/api/v2/pages/" + SALARIES).status()).isEqualTo(200);
    }

    @Test
    void readerWhoMayNotEditGets403WhenChangingRestrictions() {
        hana.put("/wiki/rest/api/content/" + HOLIDAY_POLICY + "/restriction", "[{\"operation\":\"update\","
                + "\"restrictions\":{\"group\":[{\"type\":\"group\",\"name\":\"hr\"}]}}]");

        Http.Reply reply = uma.delete("/wiki/rest/api/content/" + HOLIDAY_POLICY + "/restriction");

        assertThat(reply.status()).isEqualTo(403);
        assertThat(reply.json().get("statusCode").asInt()).isEqualTo(403);
    }

    @Test
    void unknownOperationOrUserIs400() {
        assertThat(uma.put("/wiki/rest/api/content/" + RELEASE_CHECKLIST + "/restriction",
                "[{\"operation\":\"delete\",\"restrictions\":{}}]").status()).isEqualTo(400);
        assertThat(uma.put("/wiki/rest/api/content/" + RELEASE_CHECKLIST + "/restriction",
                "[{\"operation\":\"read\",\"restrictions\":{\"user\":[{\"accountId\":\"nobody\"}]}}]").status())
                .isEqualTo(400);
    }

    @Test
    void adminKeyLetsTheAdminLiftARestriction() {
        Http admin = Http.to(sim).as(Fixtures.admin(sim));
        admin.post("/wiki/api/v2/admin-key", "");

        assertThat(admin.withAdminKey().delete("/wiki/rest/api/content/" + SALARIES + "/restriction").status())
                .isEqualTo(200);
        assertThat(admin.get("/wiki/api/v2/pages/" + SALARIES).status()).isEqualTo(200);
    }
}
