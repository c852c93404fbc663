package dev.warden.examples;

import static dev.warden.testing.TestWarden.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import dev.warden.testing.TestWarden;

/**
 * The rules README.md shows, read from README.md itself, load without a problem into a running Warden and answer
 * as README says; and README names every route Warden serves, and only those.
 */
class ReadmeExamplesTest {

    private static final Path README = Path.of("..", "README.md");
    /** A whole rule module: a ```js block (indented in a list or not) that imports from 'warden'. */
    private static final Pattern JS_BLOCK = Pattern.compile("(?m)^( *)```js\\n(.*?)^\\1```", Pattern.DOTALL);
    /** "A first rule in five minutes" writes its rule with a heredoc. */
    private static final Pattern HEREDOC = Pattern.compile("(?m)cat > rules/(\\S+) <<'JS'\\n(.*?)^ *JS$",
            Pattern.DOTALL);
    private static final Pattern ROUTE = Pattern.compile("`(GET|POST)(?:\\|(POST))? (/[^` ?]*)");

    @TempDir
    static Path dir;
    static TestWarden warden;
    static int rules;

    @BeforeAll
    static void start() throws Exception {
        String readme = Files.readString(README);
        warden = TestWarden.in(dir);
        for (Matcher m = JS_BLOCK.matcher(readme); m.find(); ) {
            String source = m.group(2).replaceAll("(?m)^" + m.group(1), "");
            if (source.startsWith("import ")) {
                warden.rule("readme-" + ++rules + ".js", source);
            }
        }
        for (Matcher m = HEREDOC.matcher(readme); m.find(); rules++) {
            warden.rule(m.group(1), m.group(2).replaceAll("(?m)^   ", ""));
        }
        warden.start();
    }

    @AfterAll
    static void stop() {
        warden.close();
    }

    @Test
    void everyRuleModuleInTheReadmeLoadsWithoutAProblem() {
        JsonNode listed = json(warden.admin("GET", "/api/v1/rules", null));
        assertThat(rules).isGreaterThanOrEqualTo(4);
        assertThat(listed.get("problems")).as(listed.toString()).isEmpty();
        List<String> ids = new ArrayList<>();
        listed.get("rules").forEach(r -> ids.add(r.get("id").asText()));
        assertThat(ids).contains("welcome-page", "flag-unclassified-pages", "classify-page", "weekday-digest", "sweep");
    }

    @Test
    void theFirstRuleWelcomesTheAuthorItIsRunWith() {
        JsonNode run = json(warden.admin("POST", "/api/v1/rules/welcome-page/runs?wait=10s", "{\"author\":\"ada\"}"));
        assertThat(run.get("result").get("message").asText()).isEqualTo("Welcome, ada!");
    }

    @Test
    void theRespondExampleAnswersWithTheStatusesItsCommentsShow() {
        assertThat(hook("{}").statusCode()).isEqualTo(400);
        assertThat(hook("{\"pageId\": \"1\", \"locked\": true}").body()).contains("the page is locked");
        assertThat(hook("{\"pageId\": \"1\", \"locked\": true}").statusCode()).isEqualTo(409);
        var plain = hook("{\"pageId\": \"1\"}");
        assertThat(plain.statusCode()).isEqualTo(200);
        assertThat(json(plain).get("level").asText()).isEqualTo("internal");
    }

    private static java.net.http.HttpResponse<String> hook(String body) {
        return warden.send("POST", "/hooks/classify?wait=20s", body, "x-api-key", TestWarden.ADMIN_KEY,
                "Content-Type", "application/json");
    }

    @Test
    void theReadmeNamesEveryRouteWardenServesAndNoOther() throws Exception {
        Set<String> served = new TreeSet<>();
        json(warden.get("/api/openapi.json")).get("paths").fields().forEachRemaining(path -> path.getValue()
                .fieldNames().forEachRemaining(method -> served.add(method.toUpperCase() + " " + path.getKey())));
        Set<String> documented = new TreeSet<>();
        for (Matcher m = ROUTE.matcher(Files.readString(README)); m.find(); ) {
            String path = m.group(3).replaceAll("/Xy98Zw76", "/{id}");
            documented.add(m.group(1) + " " + path);
            if (m.group(2) != null) {
                documented.add(m.group(2) + " " + path);
            }
        }
        served.removeAll(Set.of("GET /api/openapi.json", "GET /metrics"));   // named in the prose, not as routes
        assertThat(documented).as("routes README names").containsExactlyInAnyOrderElementsOf(served);
    }
}
