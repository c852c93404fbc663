package dev.warden.http;

import static dev.warden.testing.TestWarden.ADMIN_KEY;
import static dev.warden.testing.TestWarden.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.warden.testing.TestWarden;

/**
 * When the database cannot store runs, webhooks are turned away with 503 and Retry-After, and a run accepted at the
 * moment it failed (journaled, its insert then refused) is not lost: the next start stores it from the journal.
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
            try (Connection db = warden.database(); Statement s = db.createStatement()) {
                s.execute("SHUTDOWN");
            }
            // The first request after the failure may still be journaled (202); the writer's failure then turns
            // the next ones away.
            List<String> accepted = new ArrayList<>();
            HttpResponse<String> response = null;
            for (int i = 0; i < 100; i++) {
                response = warden.post("/hooks/store", "{}", "x-api-key", ADMIN_KEY);
                if (response.statusCode() != 202) {
                    break;
                }
                accepted.add(json(response).get("runs").get(0).get("id").asText());
                TestWarden.sleep(20);
            }
            assertThat(accepted).hasSizeLessThan(100);
            new SchemaCheck(json(warden.get("/api/openapi.json"))).conforms("POST", "/hooks/{name}", response, 503);
            assertThat(response.headers().firstValue("Retry-After")).isPresent();
            assertThat(json(response).get("error").get("code").asText()).isEqualTo("STORE_UNAVAILABLE");

            warden.restart();
            for (String id : accepted) {
                assertThat(json(warden.admin("GET", "/api/v1/runs/" + id, null)).path("id").asText()).isEqualTo(id);
            }
        }
    }
}
