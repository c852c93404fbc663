package dev.warden.simulator;

import static dev.warden.simulator.Fixtures.ENG_SPACE;
import static dev.warden.simulator.Fixtures.HOLIDAY_POLICY;
import static dev.warden.simulator.Fixtures.ON_CALL_RUNBOOK;
import static dev.warden.simulator.Fixtures.RELEASE_CHECKLIST;
import static dev.warden.simulator.Fixtures.SALARIES;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.simulator.junit.SimulatorExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Section 3 of the API facts page: v2 page create, update (with its 409) and delete. */
@ExtendWith(SimulatorExtension.class)
class PageWriteTest {
    private final Http uma;
    private final Http hana;

    PageWriteTest(ConfluenceSimulator sim) {
        this.uma = Http.to(sim).as(Fixtures.uma(sim));
        this.hana = Http.to(sim).as(Fixtures.hana(sim));
    }

    @Test
    void updateWithTheNextVersionNumberSucceeds() {
        Http.Reply reply = uma.put("/wiki/api/v2/pages/" + ON_CALL_RUNBOOK, update(ON_CALL_RUNBOOK, "On-call runbook", 2));

        assertThat(reply.status()).isEqualTo(200);
        JsonNode page = uma.get("/wiki/api/v2/pages/" + ON_CALL_RUNBOOK + "?body-format=storage").json();
        assertThat(page.at("/version/number").asInt()).isEqualTo(2);
        assertThat(page.at("/version/message").asText()).isEqualTo("edited by a rule");
        assertThat(page.at("/body/storage/value").asText()).isEqualTo("<p>new text</p>");
    }

    @Test
    void staleVersionGets409WithTheDocumentedBody() {
        Http.Reply reply = uma.put("/wiki/api/v2/pages/" + RELEASE_CHECKLIST,
                update(RELEASE_CHECKLIST, "Release checklist", 3));

        assertThat(reply.status()).isEqualTo(409);
        assertThat(reply.body()).isEqualTo("{\"errors\":[{\"status\":409,\"code\":\"CONFLICT\",\"title\":\"Version must"
                + " be incremented when updating a page. Current Version: [3]. Provided version: [3]\",\"detail\":null}]}");
    }

    @Test
    void retriedPutWhoseFirstAttemptLandedGets409() {
        String body = update(ON_CALL_RUNBOOK, "On-call runbook", 2);
        assertThat(uma.put("/wiki/api/v2/pages/" + ON_CALL_RUNBOOK, body).status()).isEqualTo(200);

        Http.Reply retry = uma.put("/wiki/api/v2/pages/" + ON_CALL_RUNBOOK, body);

        assertThat(retry.status()).isEqualTo(409);
        assertThat(retry.json().at("/errors/0/title").asText())
                .isEqualTo("Version must be incremented when updating a page. Current Version: [2]. Provided version: [2]");
    }

    @Test
    void updateMissingARequiredFieldIs400() {
        Http.Reply reply = uma.put("/wiki/api/v2/pages/" + ON_CALL_RUNBOOK,
                "{\"id\":\"" + ON_CALL_RUNBOOK + "\",\"status\":\"current\",\"title\":\"x\",\"version\":{\"number\":2}}");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().at("/errors/0/code").asText()).isEqualTo("INVALID_REQUEST_PARAMETER");
    }

    @Test
    void updateOfAnInvisiblePageIs404() {
        assertThat(uma.put("/wiki/api/v2/pages/" + SALARIES, update(SALARIES, "Salaries 2026", 2)).status())
                .isEqualTo(404);
    }

    @Test
    void updateRestrictedPageIs403ForAReaderWhoMayNotEdit() {
        String onlyHana = "[{\"operation\":\"update\",\"restrictions\":{\"user\":[{\"type\":\"known\","
                + "\"accountId\":\"5f1a0c2e9b3d4a0012e4a003\"}]}}]";
        assertThat(hana.put("/wiki/rest/api/content/" + HOLIDAY_POLICY + "/restriction", onlyHana).status())
                .isEqualTo(200);

        Http.Reply reply = uma.put("/wiki/api/v2/pages/" + HOLIDAY_POLICY, update(HOLIDAY_POLICY, "Holiday policy", 2));

        assertThat(reply.status()).isEqualTo(403);
        assertThat(reply.json().at("/errors/0/status").asInt()).isEqualTo(403);
        assertThat(uma.get("/wiki/api/v2/pages/" + HOLIDAY_POLICY).status()).isEqualTo(200);
    }

    @Test
    void memberOfTheUpdateRestrictionMayEdit() {
        assertThat(hana.put("/wiki/api/v2/pages/" + SALARIES, update(SALARIES, "Salaries 2026", 2)).status())
                .isEqualTo(200);
    }

    @Test
    void createdPageCanBeReadBack() {
        Http.Reply created = uma.post("/wiki/api/v2/pages", "{\"spaceId\":\"" + ENG_SPACE + "\",\"status\":\"current\","
                + "\"title\":\"Incident 42\",\"body\":{\"representation\":\"storage\",\"value\":\"<p>boom</p>\"}}");

        assertThat(created.status()).isEqualTo(200);
        String id = created.json().get("id").asText();
        JsonNode page = uma.get("/wiki/api/v2/pages/" + id).json();
        assertThat(page.get("title").asText()).isEqualTo("Incident 42");
        assertThat(page.get("parentId").asText()).isEqualTo("65537");
        assertThat(page.at("/version/number").asInt()).isEqualTo(1);
    }

    @Test
    void createWithATakenTitleIs400() {
        Http.Reply reply = uma.post("/wiki/api/v2/pages", "{\"spaceId\":\"" + ENG_SPACE + "\",\"title\":\"On-call"
                + " runbook\",\"body\":{\"representation\":\"storage\",\"value\":\"<p/>\"}}");

        assertThat(reply.status()).isEqualTo(400);
    }

    @Test
    void createInAnUnknownSpaceIs400() {
        assertThat(uma.post("/wiki/api/v2/pages", "{\"spaceId\":\"1\",\"title\":\"x\",\"body\":{\"representation\":"
                + "\"storage\",\"value\":\"<p/>\"}}").status()).isEqualTo(400);
    }

    @Test
    void deletedPageIs204ThenGone() {
        assertThat(uma.delete("/wiki/api/v2/pages/" + ON_CALL_RUNBOOK).status()).isEqualTo(204);

        assertThat(uma.get("/wiki/api/v2/pages/" + ON_CALL_RUNBOOK).status()).isEqualTo(404);
        assertThat(uma.get("/wiki/api/v2/pages?status=trashed").json().get("results").findValuesAsText("id"))
                .containsExactly(ON_CALL_RUNBOOK);
        assertThat(uma.delete("/wiki/api/v2/pages/" + ON_CALL_RUNBOOK + "?purge=true").status()).isEqualTo(204);
        assertThat(uma.get("/wiki/api/v2/pages?status=trashed").json().get("results").size()).isZero();
    }

    @Test
    void deleteOfAnInvisiblePageIs404() {
        assertThat(uma.delete("/wiki/api/v2/pages/" + SALARIES).status()).isEqualTo(404);
    }

    private static String update(String id, String title, int version) {
        return "{\"id\":\"" + id + "\",\"status\":\"current\",\"title\":\"" + title + "\","
                + "\"body\":{\"representation\":\"storage\",\"value\":\"<p>new text</p>\"},"
                + "\"version\":{\"number\":" + version + ",\"message\":\"edited by a rule\"}}";
    }
}
