package dev.warden.simulator;

import static dev.warden.simulator.Fixtures.CLOUD_ID;
import static dev.warden.simulator.Fixtures.SALARIES;
import static dev.warden.simulator.Fixtures.SCOPE_MISMATCH;
import static dev.warden.simulator.Fixtures.V2_NOT_FOUND;
import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.simulator.junit.SimulatorExtension;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Section 2 of the API facts page: the admin key's lifecycle and what the header does with it. */
@ExtendWith(SimulatorExtension.class)
class AdminKeyTest {
    private static final Instant NOW = Instant.parse("2026-11-23T10:05:00Z");
    private static final String KEY = "/wiki/api/v2/admin-key";

    private final ConfluenceSimulator sim;
    private final Http http;
    private Http admin;

    AdminKeyTest(ConfluenceSimulator sim) {
        this.sim = sim;
        this.http = Http.to(sim);
    }

    @BeforeEach
    void freezeTime() {
        sim.clock().set(NOW);
        admin = http.as(Fixtures.admin(sim));
    }

    @Test
    void getWithoutAKeyIs404() {
        Http.Reply reply = admin.get(KEY);

        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.body()).isEqualTo(V2_NOT_FOUND);
    }

    @Test
    void postWithAnEmptyBodyIssuesATenMinuteKey() {
        Http.Reply reply = admin.post(KEY, "");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body()).isEqualTo("{\"accountId\":\"" + Fixtures.admin(sim).accountId()
                + "\",\"expirationTime\":\"2026-11-23T10:15:00.000Z\"}");
    }

    @Test
    void postWithZeroMinutesIssuesATenMinuteKey() {
        Http.Reply reply = admin.post(KEY, "{\"durationInMinutes\":0}");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().get("expirationTime").asText()).isEqualTo("2026-11-23T10:15:00.000Z");
    }

    @Test
    void postWithSixtyMinutesIsTheMaximum() {
        Http.Reply reply = admin.post(KEY, "{\"durationInMinutes\":60}");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().get("expirationTime").asText()).isEqualTo("2026-11-23T11:05:00.000Z");
    }

    @Test
    void postAboveSixtyMinutesIs400() {
        Http.Reply reply = admin.post(KEY, "{\"durationInMinutes\":145}");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().at("/errors/0/status").asInt()).isEqualTo(400);
        assertThat(admin.get(KEY).status()).isEqualTo(404);
    }

    @Test
    void postBelowZeroMinutesIs400() {
        assertThat(admin.post(KEY, "{\"durationInMinutes\":-1}").status()).isEqualTo(400);
    }

    @Test
    void getReturnsTheActiveKey() {
        admin.post(KEY, "{\"durationInMinutes\":30}");

        Http.Reply reply = admin.get(KEY);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().get("expirationTime").asText()).isEqualTo("2026-11-23T10:35:00.000Z");
    }

    @Test
    void rePostReissuesTheKeyWithTheNewExpiry() {
        admin.post(KEY, "{\"durationInMinutes\":30}");
        sim.clock().advance(Duration.ofMinutes(5));

        Http.Reply reply = admin.post(KEY, "{\"durationInMinutes\":5}");

        assertThat(reply.json().get("expirationTime").asText()).isEqualTo("2026-11-23T10:15:00.000Z");
        assertThat(admin.get(KEY).json().get("expirationTime").asText()).isEqualTo("2026-11-23T10:15:00.000Z");
    }

    @Test
    void keyExpiresOnTheSimulatorsClock() {
        admin.post(KEY, "");
        sim.clock().advance(Duration.ofMinutes(10));

        assertThat(admin.get(KEY).status()).isEqualTo(404);
    }

    @Test
    void deleteIs204AndRemovesTheKey() {
        admin.post(KEY, "");

        assertThat(admin.delete(KEY).status()).isEqualTo(204);
        assertThat(admin.get(KEY).status()).isEqualTo(404);
    }

    @Test
    void deleteIs204EvenWithoutAKey() {
        Http.Reply reply = admin.delete(KEY);

        assertThat(reply.status()).isEqualTo(204);
        assertThat(reply.body()).isEmpty();
    }

    @Test
    void nonAdminsGet404OnEveryMethod() {
        Http uma = http.as(Fixtures.uma(sim));

        assertThat(uma.get(KEY).body()).isEqualTo(V2_NOT_FOUND);
        assertThat(uma.post(KEY, "").status()).isEqualTo(404);
        assertThat(uma.delete(KEY).status()).isEqualTo(404);
    }

    @Test
    void standardPlanSiteAnswers404EvenToTheAdmin() {
        http.post("/__sim/site", "{\"plan\":\"standard\"}");

        assertThat(admin.post(KEY, "").status()).isEqualTo(404);
        assertThat(admin.get(KEY).status()).isEqualTo(404);
        assertThat(admin.delete(KEY).status()).isEqualTo(404);
    }

    @Test
    void scopedTokenWithoutTheConfigurationScopeGets401() {
        var owner = Fixtures.admin(sim);
        Http.Reply reply = http.basic(owner.email(), Fixtures.scopedToken(owner, "olivia-read-only"))
                .post("/ex/confluence/" + CLOUD_ID + KEY, "");

        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.body()).isEqualTo(SCOPE_MISMATCH);
    }

    @Test
    void scopedTokenWithTheConfigurationScopeManagesTheKey() {
        var owner = Fixtures.admin(sim);
        Http scoped = http.basic(owner.email(), Fixtures.scopedToken(owner, "olivia-full"));

        assertThat(scoped.post("/ex/confluence/" + CLOUD_ID + KEY, "").status()).isEqualTo(200);
        assertThat(scoped.get("/ex/confluence/" + CLOUD_ID + KEY).status()).isEqualTo(200);
    }

    @Test
    void restrictedPageIs404WithoutTheKeyAnd200WithIt() {
        assertThat(admin.get("/wiki/api/v2/pages/" + SALARIES).status()).isEqualTo(404);
        admin.post(KEY, "");

        Http.Reply reply = admin.withAdminKey().get("/wiki/api/v2/pages/" + SALARIES + "?body-format=storage");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().at("/body/storage/value").asText()).contains("72,000");
    }

    @Test
    void headerIsIgnoredWithoutAKey() {
        assertThat(admin.withAdminKey().get("/wiki/api/v2/pages/" + SALARIES).status()).isEqualTo(404);
    }

    @Test
    void headerIsIgnoredOnceTheKeyHasExpired() {
        admin.post(KEY, "{\"durationInMinutes\":1}");
        sim.clock().advance(Duration.ofMinutes(1));

        assertThat(admin.withAdminKey().get("/wiki/api/v2/pages/" + SALARIES).status()).isEqualTo(404);
    }

    @Test
    void keyWithoutTheHeaderGivesNoAccess() {
        admin.post(KEY, "");

        assertThat(admin.get("/wiki/api/v2/pages/" + SALARIES).status()).isEqualTo(404);
    }

    @Test
    void headerFromANonAdminIsIgnored() {
        assertThat(http.as(Fixtures.uma(sim)).withAdminKey().get("/wiki/api/v2/pages/" + SALARIES).status())
                .isEqualTo(404);
    }

    @Test
    void keyLetsTheAdminEditAnUpdateRestrictedPage() {
        admin.post(KEY, "");
        String body = "{\"id\":\"" + SALARIES + "\",\"status\":\"current\",\"title\":\"Salaries 2026\","
                + "\"body\":{\"representation\":\"storage\",\"value\":\"<p>moved to payroll system</p>\"},"
                + "\"version\":{\"number\":2}}";

        Http.Reply reply = admin.withAdminKey().put("/wiki/api/v2/pages/" + SALARIES, body);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().at("/version/number").asInt()).isEqualTo(2);
        assertThat(reply.json().at("/version/authorId").asText()).isEqualTo(Fixtures.admin(sim).accountId());
    }

    @Test
    void headerWorksOnV1Too() {
        admin.post(KEY, "");

        assertThat(admin.get("/wiki/rest/api/content/" + SALARIES + "/restriction").status()).isEqualTo(404);
        assertThat(admin.withAdminKey().get("/wiki/rest/api/content/" + SALARIES + "/restriction").status())
                .isEqualTo(200);
    }
}
