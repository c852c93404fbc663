package dev.warden.simulator;

import static dev.warden.simulator.Fixtures.ENG_SPACE;
import static dev.warden.simulator.Fixtures.HR_SPACE;
import static dev.warden.simulator.Fixtures.PERFORMANCE_REVIEWS;
import static dev.warden.simulator.Fixtures.RELEASE_CHECKLIST;
import static dev.warden.simulator.Fixtures.REVIEW_NOTES;
import static dev.warden.simulator.Fixtures.SALARIES;
import static dev.warden.simulator.Fixtures.V2_NOT_FOUND;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.simulator.junit.SimulatorExtension;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Section 3 of the API facts page: v2 page reads, visibility and cursor pagination. */
@ExtendWith(SimulatorExtension.class)
class PageReadTest {
    private final ConfluenceSimulator sim;
    private final Http uma;
    private final Http hana;

    PageReadTest(ConfluenceSimulator sim) {
        this.sim = sim;
        this.uma = Http.to(sim).as(Fixtures.uma(sim));
        this.hana = Http.to(sim).as(Fixtures.hana(sim));
    }

    @Test
    void pageHasTheDocumentedFieldsInOrder() {
        JsonNode page = uma.get("/wiki/api/v2/pages/" + RELEASE_CHECKLIST + "?body-format=storage").json();

        assertThat(fieldNames(page)).containsExactly("id", "status", "title", "spaceId", "parentId", "parentType",
                "authorId", "ownerId", "createdAt", "version", "body", "_links");
        assertThat(fieldNames(page.get("version")))
                .containsExactly("number", "createdAt", "message", "minorEdit", "authorId");
        assertThat(fieldNames(page.get("_links"))).containsExactly("webui", "editui", "tinyui", "base");
        assertThat(page.get("id").isTextual()).isTrue();
        assertThat(page.get("createdAt").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
        assertThat(page.at("/version/number").asInt()).isEqualTo(3);
        assertThat(page.at("/body/storage/representation").asText()).isEqualTo("storage");
        assertThat(page.at("/body/storage/value").asText()).contains("sign-off");
        assertThat(page.at("/_links/base").asText()).isEqualTo(sim.baseUrl() + "/wiki");
    }

    @Test
    void bodyIsEmptyWithoutABodyFormat() {
        assertThat(uma.get("/wiki/api/v2/pages/" + RELEASE_CHECKLIST).json().get("body").size()).isZero();
    }

    @Test
    void unknownBodyFormatIs400() {
        assertThat(uma.get("/wiki/api/v2/pages/" + RELEASE_CHECKLIST + "?body-format=bogus").status())
                .isEqualTo(400);
    }

    @Test
    void versionParameterReturnsAnOlderVersion() {
        JsonNode page = uma.get("/wiki/api/v2/pages/" + RELEASE_CHECKLIST + "?version=1&body-format=storage").json();

        assertThat(page.at("/version/number").asInt()).isEqualTo(1);
        assertThat(page.at("/body/storage/value").asText()).isEqualTo("<ul><li>Tag the build</li></ul>");
    }

    @Test
    void includeLabelsAddsTheLabels() {
        JsonNode page = uma.get("/wiki/api/v2/pages/" + RELEASE_CHECKLIST + "?include-labels=true").json();

        assertThat(page.at("/labels/results").findValuesAsText("name")).containsExactly("release", "checklist");
    }

    @Test
    void missingPageIs404() {
        Http.Reply reply = uma.get("/wiki/api/v2/pages/999999");

        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.body()).isEqualTo(V2_NOT_FOUND);
    }

    @Test
    void readRestrictedPageIs404ForAUserOutsideTheRestriction() {
        Http.Reply reply = uma.get("/wiki/api/v2/pages/" + SALARIES);

        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.body()).isEqualTo(V2_NOT_FOUND);
    }

    @Test
    void readRestrictedPageIs200ForAMemberOfTheRestrictedGroup() {
        assertThat(hana.get("/wiki/api/v2/pages/" + SALARIES).status()).isEqualTo(200);
    }

    @Test
    void readRestrictionIsInheritedByChildPages() {
        assertThat(uma.get("/wiki/api/v2/pages/" + REVIEW_NOTES).status()).isEqualTo(404);
        assertThat(hana.get("/wiki/api/v2/pages/" + REVIEW_NOTES).status()).isEqualTo(200);
    }

    @Test
    void restrictedPagesAreLeftOutOfLists() {
        List<String> umaSees = uma.get("/wiki/api/v2/spaces/" + HR_SPACE + "/pages").json()
                .get("results").findValuesAsText("id");
        List<String> hanaSees = hana.get("/wiki/api/v2/spaces/" + HR_SPACE + "/pages").json()
                .get("results").findValuesAsText("id");

        assertThat(umaSees).doesNotContain(SALARIES, PERFORMANCE_REVIEWS, REVIEW_NOTES);
        assertThat(hanaSees).contains(SALARIES, PERFORMANCE_REVIEWS, REVIEW_NOTES);
    }

    @Test
    void listPagesFollowsTheNextLinkToTheEnd() {
        List<String> ids = new ArrayList<>();
        String next = "/wiki/api/v2/pages?space-id=" + ENG_SPACE + "&limit=3";
        int pages = 0;
        while (next != null) {
            Http.Reply reply = uma.get(next);
            assertThat(reply.status()).isEqualTo(200);
            JsonNode body = reply.json();
            ids.addAll(body.get("results").findValuesAsText("id"));
            JsonNode link = body.at("/_links/next");
            next = link.isMissingNode() ? null : link.asText();
            if (next != null) {
                assertThat(next).startsWith("/wiki/api/v2/pages?space-id=" + ENG_SPACE + "&limit=3&cursor=");
                assertThat(reply.header("Link")).isEqualTo("<" + next + ">; rel=\"next\"");
            } else {
                assertThat(reply.header("Link")).isNull();
            }
            pages++;
        }

        assertThat(pages).isEqualTo(3);
        assertThat(ids).containsExactly("65537", "65538", "65539", "65540", "65541", "65542", "65543");
    }

    @Test
    void lastPageHasNeitherNextNorLinkHeader() {
        Http.Reply reply = uma.get("/wiki/api/v2/pages?space-id=" + ENG_SPACE + "&limit=250");

        assertThat(reply.json().get("_links").has("next")).isFalse();
        assertThat(reply.json().at("/_links/base").asText()).isEqualTo(sim.baseUrl() + "/wiki");
        assertThat(reply.header("Link")).isNull();
    }

    @Test
    void limitOutsideOneTo250Is400() {
        assertThat(uma.get("/wiki/api/v2/pages?limit=0").status()).isEqualTo(400);
        assertThat(uma.get("/wiki/api/v2/pages?limit=251").status()).isEqualTo(400);
    }

    @Test
    void defaultLimitIs25() {
        for (int i = 0; i < 30; i++) {
            uma.post("/wiki/api/v2/pages", "{\"spaceId\":\"" + ENG_SPACE + "\",\"title\":\"Filler " + i
                    + "\",\"body\":{\"representation\":\"storage\",\"value\":\"<p/>\"}}");
        }

        assertThat(uma.get("/wiki/api/v2/pages").json().get("results").size()).isEqualTo(25);
    }

    @Test
    void garbledCursorIs400() {
        assertThat(uma.get("/wiki/api/v2/pages?cursor=not-a-cursor").status()).isEqualTo(400);
    }

    @Test
    void listFiltersByTitleAndSorts() {
        JsonNode byTitle = uma.get("/wiki/api/v2/pages?title=On-call%20runbook").json();
        JsonNode sorted = uma.get("/wiki/api/v2/pages?space-id=" + ENG_SPACE + "&sort=-created-date&limit=1").json();

        assertThat(byTitle.get("results").findValuesAsText("title")).containsExactly("On-call runbook");
        assertThat(sorted.get("results").findValuesAsText("id")).containsExactly("65543");
    }

    @Test
    void spacesAreListedAndFetchedByIdAndKey() {
        JsonNode all = uma.get("/wiki/api/v2/spaces").json();
        JsonNode byKey = uma.get("/wiki/api/v2/spaces?keys=HR").json();
        Http.Reply one = uma.get("/wiki/api/v2/spaces/" + ENG_SPACE);

        assertThat(all.get("results").findValuesAsText("key")).containsExactly("ENG", "HR", "HB");
        assertThat(byKey.get("results").findValuesAsText("id")).containsExactly(HR_SPACE);
        assertThat(one.json().get("homepageId").asText()).isEqualTo("65537");
        assertThat(uma.get("/wiki/api/v2/spaces/1").status()).isEqualTo(404);
    }

    @Test
    void spacesPaginateLikePages() {
        Http.Reply first = uma.get("/wiki/api/v2/spaces?limit=2");

        assertThat(first.header("Link")).startsWith("</wiki/api/v2/spaces?limit=2&cursor=");
        String next = first.json().at("/_links/next").asText();
        assertThat(uma.get(next).json().get("results").findValuesAsText("key")).containsExactly("HB");
    }

    @Test
    void pageLabelsAreListed() {
        Http.Reply reply = uma.get("/wiki/api/v2/pages/" + RELEASE_CHECKLIST + "/labels");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().get("results").findValuesAsText("name")).containsExactly("release", "checklist");
        assertThat(reply.json().get("results").get(0).get("prefix").asText()).isEqualTo("global");
        assertThat(uma.get("/wiki/api/v2/pages/" + SALARIES + "/labels").status()).isEqualTo(404);
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
