package dev.warden.confluence;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

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

/** Options of the wrong type or out of range are refused before any request, naming the call and what it takes. */
@ExtendWith(SimulatorExtension.class)
class ConfluenceArgumentsTest {

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

    /** Each call's error as {@code CODE message}, or {@code allowed} when it was taken. */
    private List<String> refusals(String calls) throws Exception {
        RunOutcome outcome = bench.run("return [" + calls + "].map(t => { try { t(); return 'allowed'; } "
                + "catch (e) { return e.code + ' ' + e.message; } });");
        assertThat(outcome.status()).as(String.valueOf(outcome.error())).isEqualTo(RunStatus.SUCCEEDED);
        JsonNode answers = Json.MAPPER.readTree(outcome.result());
        return Json.MAPPER.convertValue(answers, Json.MAPPER.getTypeFactory()
                .constructCollectionType(List.class, String.class));
    }

    @Test
    void listOptionsOfTheWrongTypeOrOutOfRangeAreRefusedNamingTheFunctionTheOptionAndWhatItTakes(
            ConfluenceSimulator sim) throws Exception {
        int before = Faults.requests(sim).size();
        assertThat(refusals("""
                () => confluence.pages({ max: -1 }),
                () => confluence.pages({ pageSize: 'x' }),
                () => confluence.pages({ spaceId: '98305', max: 2.5 }),
                () => confluence.search('type = page', { max: 20000 }),
                () => confluence.search('type = page', { pageSize: 0 }),
                () => confluence.spaces({ keys: [1, 'ENG'] }),
                () => confluence.spaces({ max: '5' }),
                """)).containsExactly(
                "BAD_ARGUMENT confluence.pages: max must be a whole number from 1 to 10000, not -1",
                "BAD_ARGUMENT confluence.pages: pageSize must be a whole number from 1 to 250, not \"x\"",
                "BAD_ARGUMENT confluence.pages: max must be a whole number from 1 to 10000, not 2.5",
                "BAD_ARGUMENT confluence.search: max must be a whole number from 1 to 10000, not 20000",
                "BAD_ARGUMENT confluence.search: pageSize must be a whole number from 1 to 250, not 0",
                "BAD_ARGUMENT confluence.spaces: keys must be a string or an array of strings, not [1,\"ENG\"]",
                "BAD_ARGUMENT confluence.spaces: max must be a whole number from 1 to 10000, not \"5\"");
        assertThat(Faults.requests(sim).size()).as("requests sent").isEqualTo(before);
    }

    @Test
    void pageOptionsOfTheWrongTypeAreRefusedNamingTheFunctionAndTheOption(ConfluenceSimulator sim) throws Exception {
        int before = Faults.requests(sim).size();
        assertThat(refusals("""
                () => confluence.page('65538', { labels: 'yes' }),
                () => confluence.page('65538', { bodyFormat: ['view'] }),
                () => confluence.page({ id: '65538' }),
                () => confluence.pages({ spaceId: '98305', title: { is: 'x' } }),
                () => confluence.createPage({ spaceId: '98305', title: { text: 'x' } }),
                () => confluence.createPage({ spaceId: '98305', title: 'x', body: ['<p/>'] }),
                () => confluence.createPage({ title: 'x' }),
                () => confluence.updatePage('65539', { message: false }),
                """)).containsExactly(
                "BAD_ARGUMENT confluence.page: labels must be true or false, not \"yes\"",
                "BAD_ARGUMENT confluence.page: bodyFormat must be a string, not [\"view\"]",
                "BAD_ARGUMENT confluence.page: id (argument 1) must be a string, not {\"id\":\"65538\"}",
                "BAD_ARGUMENT confluence.pages: title must be a string, not {\"is\":\"x\"}",
                "BAD_ARGUMENT confluence.createPage: title must be a string, not {\"text\":\"x\"}",
                "BAD_ARGUMENT confluence.createPage: body must be a string, not [\"<p/>\"]",
                "BAD_ARGUMENT confluence.createPage: give spaceId or spaceKey",
                "BAD_ARGUMENT confluence.updatePage: message must be a string, not false");
        assertThat(Faults.requests(sim).size()).as("requests sent").isEqualTo(before);
    }

    @Test
    void aMisspeltOptionIsRefusedWithTheNearestOneTheCallTakesInsteadOfLeavingTheDefaultInForce(
            ConfluenceSimulator sim) throws Exception {
        int before = Faults.requests(sim).size();
        assertThat(refusals("""
                () => confluence.pages({ spaceId: '98305', maxx: 5 }),
                () => confluence.page('65538', { bodyformat: 'view' }),
                () => confluence.request('GET', '/wiki/api/v2/spaces', null, { header: { 'X-Trace': '1' } }),
                () => confluence.updatePage('65539', { titel: 'New' }),
                () => confluence.search('type = page', { colour: 'red' }),
                """)).containsExactly(
                "BAD_ARGUMENT confluence.pages: it takes no option 'maxx' (did you mean max?); its options are "
                        + "spaceId, spaceKey, title, status, cql, max, pageSize",
                "BAD_ARGUMENT confluence.page: it takes no option 'bodyformat' (did you mean bodyFormat?); its "
                        + "options are bodyFormat, labels",
                "BAD_ARGUMENT confluence.request: it takes no option 'header' (did you mean headers?); its options "
                        + "are headers",
                "BAD_ARGUMENT confluence.updatePage: it takes no option 'titel' (did you mean title?); its options are "
                        + "title, body, message",
                "BAD_ARGUMENT confluence.search: it takes no option 'colour'; its options are max, pageSize");
        assertThat(Faults.requests(sim).size()).as("requests sent").isEqualTo(before);
    }

    @Test
    void rawRequestHeadersThatAreNotAnObjectOfStringsAreRefusedWithoutShowingTheirValues(ConfluenceSimulator sim)
            throws Exception {
        int before = Faults.requests(sim).size();
        assertThat(refusals("""
                () => confluence.request('GET', '/wiki/api/v2/spaces', null, { headers: 5 }),
                () => confluence.request('GET', '/wiki/api/v2/spaces', null, { headers: 'X-Token: secret-1' }),
                () => confluence.request('GET', '/wiki/api/v2/spaces', null, { headers: { 'X-Token': ['secret-2'] } }),
                () => confluence.request('GET', '/wiki/api/v2/spaces', null, { headers: { 'X-Token': null } }),
                """)).containsExactly(
                "BAD_ARGUMENT confluence.request: headers must be an object, not a number",
                "BAD_ARGUMENT confluence.request: headers must be an object, not a string",
                "BAD_ARGUMENT confluence.request: the value of header X-Token must be a string",
                "BAD_ARGUMENT confluence.request: the value of header X-Token must be a string");
        assertThat(Faults.requests(sim).size()).as("requests sent").isEqualTo(before);
        assertThat(refusals("""
                () => confluence.request('GET', '/wiki/api/v2/spaces?limit=1', null, { headers: { 'X-Trace': 7 } }),
                () => confluence.pages({ spaceId: 98305, max: 2, pageSize: 1e0 }),
                () => confluence.spaces({ keys: ['ENG', 'HR'], max: null }),
                """)).containsExactly("allowed", "allowed", "allowed");
    }
}
