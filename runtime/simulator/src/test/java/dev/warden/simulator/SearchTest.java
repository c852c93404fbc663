package dev.warden.simulator;

import static dev.warden.simulator.Fixtures.SALARIES;
import static dev.warden.simulator.Fixtures.V1_CANNOT_ACCESS;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.simulator.SeededUser.Role;
import dev.warden.simulator.junit.SimulatorExtension;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Section 3 of the API facts page: v1 search with the documented CQL subset. */
@ExtendWith(SimulatorExtension.class)
class SearchTest {
    private final ConfluenceSimulator sim;
    private final Http uma;
    private final Http hana;

    SearchTest(ConfluenceSimulator sim) {
        this.sim = sim;
        this.uma = Http.to(sim).as(Fixtures.uma(sim));
        this.hana = Http.to(sim).as(Fixtures.hana(sim));
    }

    @Test
    void spaceEqualsFindsThePagesOfASpace() {
        assertThat(titles(uma, "space = HB")).containsExactly("Welcome to Acme", "Office locations", "Code of conduct");
    }

    @Test
    void typeEqualsPageFindsEveryVisiblePage() {
        assertThat(titles(uma, "type = page")).hasSize(12);
        assertThat(titles(uma, "type = blogpost")).isEmpty();
    }

    @Test
    void titleContainsMatchesEveryWord() {
        assertThat(titles(uma, "title ~ \"release check\"")).containsExactly("Release checklist");
    }

    @Test
    void labelEqualsFindsLabelledPages() {
        assertThat(titles(uma, "label = policy")).containsExactly("Holiday policy 2026", "Code of conduct");
    }

    @Test
    void createdSinceSevenDaysAgoFindsRecentPages() {
        assertThat(titles(uma, "created >= now(\"-7d\")"))
                .containsExactly("Release checklist", "ADR-001 Use Javalin for HTTP", "ADR-002 Store runs in PostgreSQL");
    }

    @Test
    void andOrAndParenthesesCombine() {
        assertThat(titles(uma, "space = ENG AND (label = runbook OR label = decided)"))
                .containsExactly("On-call runbook", "ADR-001 Use Javalin for HTTP");
        assertThat(titles(uma, "label = adr and type = page order by created desc"))
                .containsExactly("ADR-002 Store runs in PostgreSQL", "ADR-001 Use Javalin for HTTP",
                        "Architecture decisions");
    }

    @Test
    void restrictedPagesAreLeftOutOfResults() {
        assertThat(titles(uma, "space = HR")).containsExactly("HR home", "Holiday policy 2026");
        assertThat(titles(hana, "space = HR")).contains("Salaries 2026", "Review notes: Uma User");
    }

    @Test
    void adminKeyBringsRestrictedPagesIntoResults() {
        Http admin = Http.to(sim).as(Fixtures.admin(sim));
        admin.post("/wiki/api/v2/admin-key", "");

        JsonNode results = admin.withAdminKey().get(search("space = HR", 25)).json().get("results");

        assertThat(results.findValuesAsText("id")).contains(SALARIES);
    }

    @Test
    void unparsableCqlIs400() {
        Http.Reply reply = uma.get(search("space = = ENG", 25));

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().get("statusCode").asInt()).isEqualTo(400);
        assertThat(reply.json().get("message").asText()).contains("Could not parse cql : space = = ENG");
    }

    @Test
    void unsupportedFieldIs400() {
        assertThat(uma.get(search("favourite = yes", 25)).status()).isEqualTo(400);
    }

    @Test
    void callerWhoCannotAccessConfluenceGets403() {
        Http.Reply reply = Http.to(sim).as(sim.user(Role.NO_PRODUCT_ACCESS)).get(search("type = page", 25));

        assertThat(reply.status()).isEqualTo(403);
        assertThat(reply.body()).isEqualTo(V1_CANNOT_ACCESS);
    }

    @Test
    void resultsArePagedByCursorWithNextRelativeToBase() {
        JsonNode first = uma.get(search("space = ENG", 4)).json();
        String next = first.at("/_links/next").asText();

        assertThat(first.get("size").asInt()).isEqualTo(4);
        assertThat(first.get("totalSize").asInt()).isEqualTo(7);
        assertThat(first.at("/_links/context").asText()).isEqualTo("/wiki");
        assertThat(next).startsWith("/rest/api/search?cql=").contains("&limit=4&cursor=");
        JsonNode second = uma.get(first.at("/_links/context").asText() + next).json();
        assertThat(second.get("size").asInt()).isEqualTo(3);
        assertThat(second.get("_links").has("next")).isFalse();
    }

    @Test
    void resultsCarryContentAndContainer() {
        JsonNode result = uma.get(search("title ~ runbook", 25)).json().at("/results/0");

        assertThat(result.at("/content/id").asText()).isEqualTo("65539");
        assertThat(result.at("/content/type").asText()).isEqualTo("page");
        assertThat(result.at("/resultGlobalContainer/title").asText()).isEqualTo("Engineering");
        assertThat(result.get("url").asText()).isEqualTo("/spaces/ENG/pages/65539/On-call+runbook");
    }

    private List<String> titles(Http http, String cql) {
        Http.Reply reply = http.get(search(cql, 100));
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        List<String> titles = new ArrayList<>();
        reply.json().get("results").forEach(result -> titles.add(result.get("title").asText()));
        return titles;
    }

    static String search(String cql, int limit) {
        return "/wiki/rest/api/search?cql=" + URLEncoder.encode(cql, StandardCharsets.UTF_8).replace("+", "%20")
                + "&limit=" + limit;
    }
}
