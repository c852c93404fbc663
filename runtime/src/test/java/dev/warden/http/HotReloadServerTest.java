package dev.warden.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import dev.warden.testing.SimpleWarden;

/** The running server picks up rule files added, changed and broken while it runs. */
class HotReloadServerTest {

    @TempDir
    Path dir;

    private static String rule(String answer) {
        return """
                import { rule, manual } from 'warden';
                export default rule({ id: 'live', triggers: [manual()], run() { return '%s'; } });
                """.formatted(answer);
    }

    private static JsonNode waitFor(SimpleWarden warden, String path, java.util.function.Predicate<JsonNode> ready)
            throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            last = warden.get(path).json();
            if (ready.test(last)) {
                return last;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("not ready in 10 s: " + last);
    }

    @Test
    void addedChangedAndBrokenFilesAreSeenWithoutRestart() throws Exception {
        try (SimpleWarden warden = new SimpleWarden(dir)) {
            Files.createDirectories(warden.rulesDir());
            warden.start();
            assertThat(warden.get("/api/v1/rules").json().path("rules")).isEmpty();

            Files.writeString(warden.rulesDir().resolve("live.js"), rule("first"));
            waitFor(warden, "/api/v1/rules", j -> j.path("rules").size() == 1);
            assertThat(warden.post("/api/v1/rules/live/runs?wait=10s", "").json().path("result").asText())
                    .isEqualTo("first");

            Files.writeString(warden.rulesDir().resolve("live.js"), rule("second"));
            waitFor(warden, "/api/v1/rules", j -> !j.path("rules").get(0).path("fileVersion").asText().isEmpty()
                    && warden.post("/api/v1/rules/live/runs?wait=10s", "").json().path("result").asText()
                    .equals("second"));

            Files.writeString(warden.rulesDir().resolve("live.js"), "import { rule } from 'warden';\nrule({;\n");
            JsonNode listed = waitFor(warden, "/api/v1/rules", j -> j.path("problems").size() == 1);
            assertThat(listed.path("problems").get(0).path("line").asInt()).isEqualTo(2);
            assertThat(warden.post("/api/v1/rules/live/runs?wait=10s", "").json().path("result").asText())
                    .as("the last good version keeps running").isEqualTo("second");
        }
    }

    @Test
    void aFileWhoseTopLevelLeftARejectedPromiseShowsItAsAWarningInTheRulesApiAndItsRulesStillRun() throws Exception {
        try (SimpleWarden warden = new SimpleWarden(dir)) {
            Files.createDirectories(warden.rulesDir());
            Files.writeString(warden.rulesDir().resolve("warm.js"), """
                    import { rule, manual } from 'warden';
                    Promise.reject(new Error('warm-up failed'));
                    export default rule({ id: 'warm', triggers: [manual()], run() { return 'ran'; } });
                    """);
            Files.writeString(warden.rulesDir().resolve("clean.js"), rule("clean").replace("'live'", "'clean'"));
            warden.start();
            JsonNode listed = warden.get("/api/v1/rules").json();
            assertThat(listed.path("problems")).as("a warning does not stop the file loading").isEmpty();
            assertThat(listed.path("warnings")).hasSize(1);
            JsonNode warning = listed.path("warnings").get(0);
            assertThat(warning.path("file").asText()).isEqualTo("warm.js");
            assertThat(warning.path("line").asInt()).isEqualTo(2);
            assertThat(warning.path("message").asText()).contains("nothing handled it").contains("warm-up failed");
            assertThat(warden.get("/api/v1/rules/warm").json().path("warnings").get(0).path("line").asInt())
                    .isEqualTo(2);
            assertThat(warden.get("/api/v1/rules/clean").json().path("warnings")).isEmpty();
            assertThat(warden.post("/api/v1/rules/warm/runs?wait=10s", "").json().path("result").asText())
                    .isEqualTo("ran");
        }
    }
}
