package dev.warden.simulator;

import static dev.warden.simulator.Fixtures.CREDENTIALS_ROTATION;
import static dev.warden.simulator.Fixtures.ON_CALL_RUNBOOK;
import static dev.warden.simulator.Fixtures.SALARIES;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.simulator.junit.SimulatorExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The {@code /__sim} control API: discovery, the request log, reset, clock, plan and Compliance keys. */
@ExtendWith(SimulatorExtension.class)
class ControlApiTest {
    private final ConfluenceSimulator sim;
    private final Http control;

    ControlApiTest(ConfluenceSimulator sim) {
        this.sim = sim;
        this.control = Http.to(sim);
    }

    @Test
    void usersListsEverySeededUserWithTokensAndKeys() {
        JsonNode users = control.get("/__sim/users").json();

        assertThat(users.findValuesAsText("role"))
                .containsExactly("org-admin", "user", "user", "no-product-access", "revoked");
        JsonNode admin = users.get(0);
        assertThat(fieldNames(admin)).containsExactly("email", "accountId", "role", "token", "complianceKeys");
        assertThat(admin.get("email").asText()).isEqualTo("olivia.admin@example.com");
        assertThat(admin.get("token").asText()).isEqualTo(Fixtures.admin(sim).token());
        JsonNode key = admin.at("/complianceKeys/0");
        assertThat(fieldNames(key)).containsExactly("name", "key", "scopes", "status");
        assertThat(key.get("scopes").get(0).asText()).isEqualTo("classification::manage");
    }

    @Test
    void scopedTokensAreListedSeparately() {
        JsonNode tokens = control.get("/__sim/scoped-tokens").json();

        assertThat(tokens.findValuesAsText("name")).containsExactly("olivia-read-only", "olivia-full", "uma-pages", "nadia-read");
        assertThat(tokens.get(0).get("scopes").get(0).asText()).isEqualTo("read:page:confluence");
    }

    @Test
    void requestLogShowsWhatWasSentOldestFirstWithSecretsMasked() {
        Http admin = control.as(Fixtures.admin(sim));
        admin.post("/wiki/api/v2/admin-key", "");
        admin.withAdminKey().get("/wiki/api/v2/pages/" + SALARIES + "?body-format=storage");
        control.apiKey(Fixtures.key(sim, "warden-read")).get("/compliance/api/v1/instance/by-page/" + CREDENTIALS_ROTATION);

        JsonNode log = control.get("/__sim/requests").json();

        assertThat(log.findValuesAsText("path")).containsExactly("/wiki/api/v2/admin-key",
                "/wiki/api/v2/pages/" + SALARIES, "/compliance/api/v1/instance/by-page/" + CREDENTIALS_ROTATION);
        JsonNode read = log.get(1);
        assertThat(fieldNames(read)).containsExactly("method", "path", "query", "status", "headers");
        assertThat(read.get("method").asText()).isEqualTo("GET");
        assertThat(read.get("query").asText()).isEqualTo("body-format=storage");
        assertThat(read.get("status").asInt()).isEqualTo(200);
        assertThat(read.at("/headers/atl-confluence-with-admin-key").asText()).isEqualTo("true");
        assertThat(read.at("/headers/authorization").asText()).isEqualTo("Basic olivia.admin@example.com:****");
        assertThat(log.get(0).get("headers").has("atl-confluence-with-admin-key")).isFalse();
        assertThat(log.get(2).at("/headers/x-api-key").asText()).isEqualTo("****");
        assertThat(log.toString()).doesNotContain(Fixtures.admin(sim).token(), Fixtures.key(sim, "warden-read"));
    }

    @Test
    void requestLogCanBeCleared() {
        control.as(Fixtures.uma(sim)).get("/wiki/api/v2/spaces");

        assertThat(control.delete("/__sim/requests").status()).isEqualTo(204);
        assertThat(control.get("/__sim/requests").json().size()).isZero();
    }

    @Test
    void resetRestoresTheSeededSite() {
        Http uma = control.as(Fixtures.uma(sim));
        uma.delete("/wiki/api/v2/pages/" + ON_CALL_RUNBOOK);

        assertThat(control.post("/__sim/reset", "").status()).isEqualTo(204);

        assertThat(control.get("/__sim/requests").json().size()).isZero();
        assertThat(uma.get("/wiki/api/v2/pages/" + ON_CALL_RUNBOOK).status()).isEqualTo(200);
    }

    @Test
    void clockCanBeSetAdvancedAndResumed() {
        JsonNode set = control.post("/__sim/clock", "{\"now\":\"2026-11-23T10:00:00Z\"}").json();
        JsonNode advanced = control.post("/__sim/clock", "{\"advance\":\"PT10M\",\"advanceSeconds\":5}").json();

        assertThat(set.get("now").asText()).isEqualTo("2026-11-23T10:00:00.000Z");
        assertThat(set.get("frozen").asBoolean()).isTrue();
        assertThat(advanced.get("now").asText()).isEqualTo("2026-11-23T10:10:05.000Z");
        assertThat(sim.clock().now()).isEqualTo(Instant.parse("2026-11-23T10:10:05Z"));
        assertThat(control.post("/__sim/clock", "{\"frozen\":false}").json().get("frozen").asBoolean()).isFalse();
        assertThat(control.post("/__sim/clock", "{\"now\":\"yesterday\"}").status()).isEqualTo(400);
    }

    @Test
    void sitePlanCanBeSwitched() {
        JsonNode site = control.post("/__sim/site", "{\"plan\":\"standard\"}").json();

        assertThat(site.get("plan").asText()).isEqualTo("standard");
        assertThat(site.get("cloudId").asText()).isEqualTo(Fixtures.CLOUD_ID);
        assertThat(control.post("/__sim/site", "{\"plan\":\"gold\"}").status()).isEqualTo(400);
    }

    @Test
    void complianceKeysCanBeAddedForATest() {
        Http.Reply created = control.post("/__sim/compliance-keys", "{\"name\":\"ci\",\"key\":\"ci-key\","
                + "\"owner\":\"uma.user@example.com\",\"expires\":\"PT5M\",\"classification\":\"read\"}");

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.body()).isEqualTo("{\"name\":\"ci\",\"key\":\"ci-key\",\"scopes\":[\"classification::read\"]}");
        assertThat(control.apiKey("ci-key").get("/compliance/api/v1/instance/by-page/" + CREDENTIALS_ROTATION).status())
                .isEqualTo(200);
        assertThat(control.post("/__sim/compliance-keys", "{\"name\":\"x\"}").status()).isEqualTo(400);
    }

    @Test
    void aComplianceKeyPastItsExpiryIsListedAsExpiredAndARevokedOneAsRevoked() {
        assertThat(keyStatus("short-lived")).isEqualTo("active");
        assertThat(keyStatus("revoked")).isEqualTo("revoked");

        sim.clock().advance(Duration.ofHours(1));

        assertThat(keyStatus("short-lived")).isEqualTo("expired");
        assertThat(keyStatus("warden-full")).isEqualTo("active");
    }

    private String keyStatus(String name) {
        for (JsonNode key : control.get("/__sim/users").json().findValues("complianceKeys")) {
            for (JsonNode entry : key) {
                if (entry.get("name").asText().equals(name)) {
                    return entry.path("status").asText(null);
                }
            }
        }
        throw new AssertionError("no Compliance key named " + name);
    }

    @Test
    void unknownControlPathIs404() {
        assertThat(control.get("/__sim/nothing").status()).isEqualTo(404);
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
