package dev.warden.simulator;

import static dev.warden.simulator.Fixtures.CREDENTIALS_ROTATION;
import static dev.warden.simulator.Fixtures.HOLIDAY_POLICY;
import static dev.warden.simulator.Fixtures.HR_HOME;
import static dev.warden.simulator.Fixtures.LEVEL_CONFIDENTIAL;
import static dev.warden.simulator.Fixtures.LEVEL_INTERNAL;
import static dev.warden.simulator.Fixtures.LEVEL_RESTRICTED;
import static dev.warden.simulator.Fixtures.ON_CALL_RUNBOOK;
import static dev.warden.simulator.Fixtures.SALARIES;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.simulator.junit.SimulatorExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Section 6 of the API facts page: Compliance for Confluence keys, scopes, limits and endpoints. */
@ExtendWith(SimulatorExtension.class)
class ComplianceTest {
    private static final String V1 = "/compliance/api/v1";

    private final ConfluenceSimulator sim;
    private final Http http;

    ComplianceTest(ConfluenceSimulator sim) {
        this.sim = sim;
        this.http = Http.to(sim);
    }

    private Http key(String name) {
        return http.apiKey(Fixtures.key(sim, name));
    }

    @Test
    void missingKeyIs401SayingItIsMissing() {
        Http.Reply reply = http.get(V1 + "/instance/by-page/" + CREDENTIALS_ROTATION);

        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.json().get("message").asText()).startsWith("Missing API key");
    }

    @Test
    void unknownKeyIs401SayingItIsInvalid() {
        Http.Reply reply = http.apiKey("not-a-key").get(V1 + "/instance/by-page/" + CREDENTIALS_ROTATION);

        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.body()).isEqualTo("{\"message\":\"Invalid API key\"}");
    }

    @Test
    void revokedKeyIs401SayingItWasRevoked() {
        Http.Reply reply = key("revoked").get(V1 + "/instance/by-page/" + CREDENTIALS_ROTATION);

        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.json().get("message").asText()).contains("revoked");
    }

    @Test
    void keyExpiresOnTheSimulatorsClockWith401SayingItExpired() {
        assertThat(key("short-lived").get(V1 + "/instance/by-page/" + CREDENTIALS_ROTATION).status()).isEqualTo(200);
        sim.clock().advance(Duration.ofHours(1));

        Http.Reply reply = key("short-lived").get(V1 + "/instance/by-page/" + CREDENTIALS_ROTATION);

        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.json().get("message").asText()).contains("expired");
    }

    @Test
    void byPageReturnsTheClassification() {
        Http.Reply reply = key("warden-read").get(V1 + "/instance/by-page/" + CREDENTIALS_ROTATION);

        assertThat(reply.status()).isEqualTo(200);
        JsonNode body = reply.json();
        assertThat(fieldNames(body)).startsWith("pageId", "spaceId", "ownerId", "levelId", "subLevelId",
                "classifierId", "classificationDate");
        assertThat(body.get("pageId").asText()).isEqualTo(CREDENTIALS_ROTATION);
        assertThat(body.get("spaceId").asText()).isEqualTo(Fixtures.ENG_SPACE);
        assertThat(body.get("levelId").asText()).isEqualTo(LEVEL_CONFIDENTIAL);
        assertThat(body.get("classifierId").asText()).isEqualTo(Fixtures.admin(sim).accountId());
    }

    @Test
    void unclassifiedPageIs404() {
        Http.Reply reply = key("warden-read").get(V1 + "/instance/by-page/" + ON_CALL_RUNBOOK);

        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.json().get("message").asText()).contains("no classification");
    }

    @Test
    void unknownPageIs404() {
        assertThat(key("warden-read").get(V1 + "/instance/by-page/999999").status()).isEqualTo(404);
    }

    @Test
    void keyNeverSeesMoreThanItsUser() {
        assertThat(key("warden-full").get(V1 + "/instance/by-page/" + SALARIES).status()).isEqualTo(404);
        assertThat(key("hr-detections").get(V1 + "/instance/by-page/" + SALARIES).status()).isEqualTo(200);
    }

    @Test
    void adminKeyHeaderGivesTheComplianceKeyNothing() {
        http.as(Fixtures.admin(sim)).post("/wiki/api/v2/admin-key", "");

        assertThat(key("warden-full").withAdminKey().get(V1 + "/instance/by-page/" + SALARIES).status())
                .isEqualTo(404);
    }

    @Test
    void missingScopeIs403NamingTheScope() {
        Http.Reply reply = key("warden-read").get(V1 + "/level");

        assertThat(reply.status()).isEqualTo(403);
        assertThat(reply.json().get("message").asText()).contains("classification::manage");
    }

    @Test
    void manageImpliesWriteAndRead() {
        Http full = key("warden-full");

        assertThat(full.get(V1 + "/instance/by-page/" + CREDENTIALS_ROTATION).status()).isEqualTo(200);
        Http.Reply levels = full.get(V1 + "/level");
        assertThat(levels.status()).isEqualTo(200);
        assertThat(levels.json().findValuesAsText("name")).containsExactly("Public", "Internal", "Confidential",
                "Restricted");
        assertThat(levels.json().get(0).get("id").asText()).matches("[0-9a-f-]{36}");
        assertThat(full.post(V1 + "/page-level", level(ON_CALL_RUNBOOK, LEVEL_INTERNAL)).status()).isEqualTo(200);
    }

    @Test
    void writeScopeSetsAPageLevel() {
        Http.Reply reply = key("eng-classifier").post(V1 + "/page-level", level(ON_CALL_RUNBOOK, LEVEL_INTERNAL));

        assertThat(reply.status()).isEqualTo(200);
        JsonNode read = key("warden-read").get(V1 + "/instance/by-page/" + ON_CALL_RUNBOOK).json();
        assertThat(read.get("levelId").asText()).isEqualTo(LEVEL_INTERNAL);
        assertThat(read.get("classificationDate").asText()).isEqualTo(
                reply.json().get("classificationDate").asText());
    }

    @Test
    void readScopeCannotSetALevel() {
        Http.Reply reply = key("warden-read").post(V1 + "/page-level", level(ON_CALL_RUNBOOK, LEVEL_INTERNAL));

        assertThat(reply.status()).isEqualTo(403);
        assertThat(reply.json().get("message").asText()).contains("classification::write");
    }

    @Test
    void unknownLevelIs400() {
        assertThat(key("warden-full").post(V1 + "/page-level", level(ON_CALL_RUNBOOK, "nope")).status())
                .isEqualTo(400);
    }

    @Test
    void spaceLimitIs403NamingTheSpace() {
        Http.Reply write = key("eng-classifier").post(V1 + "/page-level", level(HR_HOME, LEVEL_INTERNAL));
        Http.Reply read = key("eng-classifier").get(V1 + "/instance/by-page/" + HOLIDAY_POLICY);

        assertThat(write.status()).isEqualTo(403);
        assertThat(write.json().get("message").asText()).contains("space HR");
        assertThat(read.status()).isEqualTo(403);
    }

    @Test
    void pageAccessLimitIs403NamingTheLevel() {
        key("warden-full").post(V1 + "/page-level", level(ON_CALL_RUNBOOK, LEVEL_RESTRICTED));

        Http.Reply restricted = key("no-restricted").get(V1 + "/instance/by-page/" + ON_CALL_RUNBOOK);
        Http.Reply confidential = key("no-restricted").get(V1 + "/instance/by-page/" + CREDENTIALS_ROTATION);

        assertThat(restricted.status()).isEqualTo(403);
        assertThat(restricted.json().get("message").asText()).contains("level Restricted");
        assertThat(confidential.status()).isEqualTo(200);
    }

    @Test
    void detectionsListOnlyWhatTheKeysUserMaySee() {
        JsonNode olivia = key("warden-read").get(V1 + "/detection").json();
        JsonNode hana = key("hr-detections").get(V1 + "/detection").json();
        JsonNode onePage = key("warden-read").get(V1 + "/detection?pageId=" + CREDENTIALS_ROTATION).json();

        assertThat(olivia.findValuesAsText("id")).containsExactly("d-1001", "d-1004");
        assertThat(hana.findValuesAsText("id")).containsExactly("d-1002", "d-1003");
        assertThat(onePage.findValuesAsText("id")).containsExactly("d-1001");
        assertThat(onePage.get(0).get("status").asText()).isEqualTo("OPEN");
    }

    @Test
    void redactRewritesThePageAsANewVersion() {
        Http.Reply reply = key("hr-detections").post(V1 + "/detection/d-1002/redact", "");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().get("status").asText()).isEqualTo("REDACTED");
        JsonNode page = http.as(Fixtures.hana(sim)).get("/wiki/api/v2/pages/" + SALARIES + "?body-format=storage")
                .json();
        assertThat(page.at("/body/storage/value").asText()).contains("[REDACTED]").doesNotContain("DE89");
        assertThat(page.at("/version/number").asInt()).isEqualTo(2);
    }

    @Test
    void excludedDetectionCannotBeRedactedAfterwards() {
        assertThat(key("warden-full").post(V1 + "/detection/d-1004/exclude", "").json().get("status").asText())
                .isEqualTo("EXCLUDED");

        assertThat(key("warden-full").post(V1 + "/detection/d-1004/redact", "").status()).isEqualTo(409);
    }

    @Test
    void detectionReadScopeCannotRedact() {
        Http.Reply reply = key("warden-read").post(V1 + "/detection/d-1001/redact", "");

        assertThat(reply.status()).isEqualTo(403);
        assertThat(reply.json().get("message").asText()).contains("detection::write");
    }

    @Test
    void unknownDetectionIs404() {
        assertThat(key("warden-full").post(V1 + "/detection/d-0/exclude", "").status()).isEqualTo(404);
    }

    private static String level(String pageId, String levelId) {
        return "{\"pageId\":\"" + pageId + "\",\"levelId\":\"" + levelId + "\"}";
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
