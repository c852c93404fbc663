package dev.warden.http;

import static dev.warden.testing.TestWarden.ADMIN_KEY;
import static dev.warden.testing.TestWarden.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.warden.testing.TestWarden;

/** When the database cannot store the runs, nothing is accepted: 503 with Retry-After, never a 202 for a lost run. */
class StoreOutageTest {

    @TempDir
    Path dir;

    @Test
    void webhookAnswers503WhenTheRunsCannotBeStored() throws Exception {
        try (TestWarden warden = TestWarden.in(dir).rule("hooks.js", """
                import { rule, webhook } from 'warden';
                export default rule({ id: 'store', triggers: [webhook('store')], run: () => 1 });
                """).start()) {
            assertThat(warden.post("/hooks/store", "{}", "x-api-key", ADMIN_KEY).statusCode()).isEqualTo(202);
            try (Connection db = warden.database(); Statement s = db.createStatement()) {
                s.execute("SHUTDOWN");
            }
            HttpResponse<String> response = warden.post("/hooks/store", "{}", "x-api-key", ADMIN_KEY);
            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(response.headers().firstValue("Retry-After")).isPresent();
            assertThat(json(response).get("error").get("code").asText()).isEqualTo("STORE_UNAVAILABLE");
        }
    }
}
