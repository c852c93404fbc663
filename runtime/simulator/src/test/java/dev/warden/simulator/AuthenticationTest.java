package dev.warden.simulator;

import static dev.warden.simulator.Fixtures.CLOUD_ID;
import static dev.warden.simulator.Fixtures.ENGINEERING_HOME;
import static dev.warden.simulator.Fixtures.SCOPE_MISMATCH;
import static dev.warden.simulator.Fixtures.V1_CANNOT_ACCESS;
import static dev.warden.simulator.Fixtures.V2_NOT_FOUND;
import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.simulator.SeededUser.Role;
import dev.warden.simulator.junit.SimulatorExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Section 1 of the API facts page: one test per row of the failure matrix, and the happy paths around it. */
@ExtendWith(SimulatorExtension.class)
class AuthenticationTest {
    private static final String GATEWAY = "/ex/confluence/" + CLOUD_ID;

    private final ConfluenceSimulator sim;
    private final Http http;

    AuthenticationTest(ConfluenceSimulator sim) {
        this.sim = sim;
        this.http = Http.to(sim);
    }

    @Test
    void classicTokenOnTheSiteUrlReadsContent() {
        Http.Reply reply = http.as(Fixtures.uma(sim)).get("/wiki/api/v2/pages/" + ENGINEERING_HOME);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().get("title").asText()).isEqualTo("Engineering home");
    }

    @Test
    void tenantInfoGivesTheCloudIdWithoutCredentials() {
        Http.Reply reply = http.get("/_edge/tenant_info");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body()).isEqualTo("{\"cloudId\":\"" + CLOUD_ID + "\"}");
    }

    @Test
    void scopedTokenWithTheScopeWorksThroughTheGateway() {
        SeededUser admin = Fixtures.admin(sim);
        Http.Reply reply = http.basic(admin.email(), Fixtures.scopedToken(admin, "olivia-read-only"))
                .get(GATEWAY + "/wiki/api/v2/pages/" + ENGINEERING_HOME);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().get("id").asText()).isEqualTo(ENGINEERING_HOME);
    }

    @Test
    void scopedTokenMissingAScopeGets401ScopeDoesNotMatch() {
        SeededUser admin = Fixtures.admin(sim);
        Http.Reply reply = http.basic(admin.email(), Fixtures.scopedToken(admin, "olivia-read-only"))
                .delete(GATEWAY + "/wiki/api/v2/pages/" + ENGINEERING_HOME);

        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.body()).isEqualTo(SCOPE_MISMATCH);
    }

    @Test
    void classicTokenThroughTheGatewayGets401ScopeDoesNotMatch() {
        Http.Reply reply = http.as(Fixtures.admin(sim)).get(GATEWAY + "/wiki/api/v2/pages/" + ENGINEERING_HOME);

        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.body()).isEqualTo(SCOPE_MISMATCH);
    }

    @Test
    void scopedTokenSentToTheSiteUrlGetsAnHtml401() {
        SeededUser admin = Fixtures.admin(sim);
        Http.Reply reply = http.basic(admin.email(), Fixtures.scopedToken(admin, "olivia-full"))
                .get("/wiki/api/v2/pages/" + ENGINEERING_HOME);

        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.header("Content-Type")).startsWith("text/html");
        assertThat(reply.body()).startsWith("<!DOCTYPE html>").doesNotContain("{\"");
    }

    @Test
    void wrongTokenGets403CallerCannotAccessConfluenceOnV1() {
        Http.Reply reply = http.basic("uma.user@example.com", "not-the-token").get("/wiki/rest/api/user/current");

        assertThat(reply.status()).isEqualTo(403);
        assertThat(reply.body()).isEqualTo(V1_CANNOT_ACCESS);
    }

    @Test
    void revokedTokenGets403CallerCannotAccessConfluenceOnV1() {
        Http.Reply reply = http.as(sim.user(Role.REVOKED)).get("/wiki/rest/api/user/current");

        assertThat(reply.status()).isEqualTo(403);
        assertThat(reply.body()).isEqualTo(V1_CANNOT_ACCESS);
    }

    @Test
    void missingCredentialsGet403CallerCannotAccessConfluenceOnV1() {
        Http.Reply reply = http.get("/wiki/rest/api/search?cql=type%20%3D%20page");

        assertThat(reply.status()).isEqualTo(403);
        assertThat(reply.body()).isEqualTo(V1_CANNOT_ACCESS);
    }

    @Test
    void userWithoutProductAccessGets403CallerCannotAccessConfluenceOnV1() {
        Http.Reply reply = http.as(sim.user(Role.NO_PRODUCT_ACCESS)).get("/wiki/rest/api/user/current");

        assertThat(reply.status()).isEqualTo(403);
        assertThat(reply.body()).isEqualTo(V1_CANNOT_ACCESS);
    }

    @Test
    void revokedTokenGetsTheV2NotFoundBodyOnV2() {
        Http.Reply reply = http.as(sim.user(Role.REVOKED)).get("/wiki/api/v2/pages/" + ENGINEERING_HOME);

        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.body()).isEqualTo(V2_NOT_FOUND);
    }

    @Test
    void userWithoutProductAccessGetsTheV2NotFoundBodyOnV2() {
        Http.Reply reply = http.as(sim.user(Role.NO_PRODUCT_ACCESS)).get("/wiki/api/v2/spaces");

        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.body()).isEqualTo(V2_NOT_FOUND);
    }

    @Test
    void missingCredentialsGetTheV2NotFoundBodyOnV2() {
        Http.Reply reply = http.get("/wiki/api/v2/pages");

        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.body()).isEqualTo(V2_NOT_FOUND);
    }

    @Test
    void userWithoutProductAccessIsRefusedThroughTheGatewayToo() {
        SeededUser nadia = sim.user(Role.NO_PRODUCT_ACCESS);
        Http.Reply reply = http.basic(nadia.email(), Fixtures.scopedToken(nadia, "nadia-read"))
                .get(GATEWAY + "/wiki/rest/api/user/current");

        assertThat(reply.status()).isEqualTo(403);
        assertThat(reply.body()).isEqualTo(V1_CANNOT_ACCESS);
    }

    @Test
    void callerOutsideTheIpAllowListGets403WithTheAllowListBody() {
        assertThat(http.post("/__sim/ip-allowlist", "{\"enabled\":true,\"allowed\":[\"203.0.113.7\"]}").status())
                .isEqualTo(200);

        Http.Reply reply = http.as(Fixtures.admin(sim)).get("/wiki/api/v2/pages/" + ENGINEERING_HOME);

        assertThat(reply.status()).isEqualTo(403);
        assertThat(reply.body()).isEqualTo("{\"errorMessages\":[\"The IP address has been rejected because it is not"
                + " on the allowed list...\"],\"errors\":{}}");
    }

    @Test
    void callerOnTheIpAllowListGetsThrough() {
        http.post("/__sim/ip-allowlist", "{\"enabled\":true,\"allowed\":[\"127.0.0.1\"]}");

        assertThat(http.as(Fixtures.admin(sim)).get("/wiki/api/v2/pages/" + ENGINEERING_HOME).status())
                .isEqualTo(200);
    }

    @Test
    void unknownCloudIdOnTheGatewayIsNotFound() {
        SeededUser admin = Fixtures.admin(sim);
        Http.Reply reply = http.basic(admin.email(), Fixtures.scopedToken(admin, "olivia-full"))
                .get("/ex/confluence/00000000-0000-0000-0000-000000000000/wiki/api/v2/pages/" + ENGINEERING_HOME);

        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.body()).isEqualTo(V2_NOT_FOUND);
    }

    @Test
    void userCurrentDescribesTheCaller() {
        SeededUser uma = Fixtures.uma(sim);
        Http.Reply reply = http.as(uma).get("/wiki/rest/api/user/current");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body()).isEqualTo("{\"type\":\"known\",\"accountId\":\"" + uma.accountId()
                + "\",\"accountType\":\"atlassian\",\"email\":\"uma.user@example.com\",\"publicName\":\"Uma User\","
                + "\"displayName\":\"Uma User\",\"isGuest\":false}");
    }

    @Test
    void unknownV1PathAnswersLikeJersey() {
        Http.Reply reply = http.as(Fixtures.uma(sim)).get("/wiki/rest/api/nothing-here");

        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.json().get("message").asText()).startsWith("null for uri: http://");
    }
}
