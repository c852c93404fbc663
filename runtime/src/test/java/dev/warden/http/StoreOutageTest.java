package dev.warden.http;

import static dev.warden.testing.TestWarden.ADMIN_KEY;
import static dev.warden.testing.TestWarden.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.io.TempDir;

import dev.warden.store.internal.H2Housekeeper;
import dev.warden.testing.TestWarden;

/**
 * When the database cannot store runs, webhooks are turned away with 503 and Retry-After, and a run accepted at the
 * moment it failed (journaled, its insert then refused) is not lost: it is stored from the journal once the database
 * opens again, which Warden does by itself, or at the next start.
 */
class StoreOutageTest {

    @TempDir
    Path dir;

    @Test
    void webhookAnswers503OnceTheDatabaseFailsAndNoAcceptedRunIsLost() throws Exception {
        try (TestWarden warden = TestWarden.in(dir).rule("hooks.js", """
                import { rule, webhook } from 'warden';
                export default rule({ id: 'store', triggers: [webhook('store')], run: () => 1 });
                """).start()) {
            assertThat(warden.post("/hooks/store", "{}", "x-api-key", ADMIN_KEY).statusCode()).isEqualTo(202);
            Path away = closeWithItsFileAway(warden);
            List<String> accepted = new ArrayList<>();
            HttpResponse<String> response = postUntilRefused(warden, accepted);
            assertThat(response.statusCode()).isEqualTo(503);
            new SchemaCheck(json(warden.get("/api/openapi.json"))).conforms("POST", "/hooks/{name}", response, 503);
            assertThat(response.headers().firstValue("Retry-After")).isPresent();
            assertThat(json(response).get("error").get("code").asText()).isEqualTo("STORE_UNAVAILABLE");

            Files.move(away, dataFile());
            warden.restart();
            for (String id : accepted) {
                assertThat(json(warden.admin("GET", "/api/v1/runs/" + id, null)).path("id").asText()).isEqualTo(id);
            }
        }
    }

    @Test
    void wardenServesAgainOnceItsDatabaseCanBeOpenedAgainWithoutARestart() throws Exception {
        try (TestWarden warden = TestWarden.in(dir).rule("hooks.js", """
                import { rule, webhook } from 'warden';
                export default rule({ id: 'store', triggers: [webhook('store')], run: () => 1 });
                """).rule("slow.js", """
                import { rule, webhook } from 'warden';
                export default rule({ id: 'slow', triggers: [webhook('slow')], run: () => {
                    const until = Date.now() + 500;
                    while (Date.now() < until) { }
                    return 1;
                } });
                """).start()) {
            H2Housekeeper housekeeper = warden.warden().database().housekeeper().orElseThrow();
            List<String> accepted = new ArrayList<>();
            // A journaled run's insert waits up to 200 ms for its end: this one's is still waiting when the database
            // closes, so the database refuses it, and it must be stored once the database is back.
            accepted.add(json(warden.post("/hooks/slow", "{}", "x-api-key", ADMIN_KEY)).get("runs").get(0)
                    .get("id").asText());
            Path away = closeWithItsFileAway(warden);
            List<String> journaled = new ArrayList<>();
            HttpResponse<String> response = postUntilRefused(warden, journaled);
            assertThat(response.statusCode()).isEqualTo(503);
            accepted.addAll(journaled);

            Files.move(away, dataFile());
            int refused = 0;
            int acceptedInARow = 0;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            while (acceptedInARow < 20 && System.nanoTime() < deadline) {
                response = warden.post("/hooks/store", "{}", "x-api-key", ADMIN_KEY);
                if (response.statusCode() == 202) {
                    accepted.add(json(response).get("runs").get(0).get("id").asText());
                    acceptedInARow++;
                } else {
                    assertThat(response.statusCode()).isEqualTo(503);
                    refused++;
                    acceptedInARow = 0;
                }
                TestWarden.sleep(20);
            }
            assertThat(acceptedInARow).as("202s in a row after %d refusals", refused).isEqualTo(20);
            // Every run accepted, before, during and after the outage, is stored: no restart needed.
            for (String id : accepted) {
                JsonNode run = warden.awaitRun(id);
                assertThat(run.path("status").asText()).as("run %s", id).isEqualTo("SUCCEEDED");
            }
            // The housekeeper works on the reopened file.
            long passes = housekeeper.passes();
            TestWarden.sleep(2_500);
            assertThat(housekeeper.passes()).isGreaterThan(passes);
            assertThat(housekeeper.fileBytes()).isPositive();
        }
    }

    private Path dataFile() {
        return dir.resolve("data/warden.mv.db");
    }

    /**
     * Closes the database under Warden with its file moved away, so that Warden cannot open it again until the file is
     * back: a stand-in for a full disk (H2 goes on writing to the file it has open, wherever it is). The file's
     * place while away is returned.
     */
    private Path closeWithItsFileAway(TestWarden warden) throws Exception {
        Path away = dir.resolve("warden.mv.db.away");
        Files.move(dataFile(), away);
        try (Connection db = warden.database(); Statement s = db.createStatement()) {
            s.execute("SHUTDOWN");
        }
        return away;
    }

    /**
     * Posts webhooks for up to 30 s until one is not accepted, adding the accepted runs' ids to {@code accepted}: the
     * first requests after the failure may still be journaled (202) before the writer's failure turns the next away.
     */
    private static HttpResponse<String> postUntilRefused(TestWarden warden, List<String> accepted) {
        HttpResponse<String> response = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            response = warden.post("/hooks/store", "{}", "x-api-key", ADMIN_KEY);
            if (response.statusCode() != 202) {
                break;
            }
            accepted.add(json(response).get("runs").get(0).get("id").asText());
            TestWarden.sleep(20);
        }
        return response;
    }
}
