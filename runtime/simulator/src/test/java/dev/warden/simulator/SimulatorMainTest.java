package dev.warden.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code warden sim}: its arguments, and the banner it prints. */
class SimulatorMainTest {

    @Test
    void defaultsToPort8090OnLoopback() {
        SimulatorOptions options = SimulatorMain.parse(new String[0]);

        assertThat(options.port()).isEqualTo(8090);
        assertThat(options.host()).isEqualTo("127.0.0.1");
    }

    @Test
    void readsPortHostAndFixture() {
        SimulatorOptions options = SimulatorMain.parse(
                new String[] {"--port", "9000", "--host", "0.0.0.0", "--fixture", "demo.json"});

        assertThat(options.port()).isEqualTo(9000);
        assertThat(options.host()).isEqualTo("0.0.0.0");
        assertThat(options.fixture()).isEqualTo(Path.of("demo.json"));
    }

    @Test
    void rejectsUnknownArgumentsAndBadPorts() {
        assertThatThrownBy(() -> SimulatorMain.parse(new String[] {"--verbose"}))
                .hasMessageContaining("unknown argument");
        assertThatThrownBy(() -> SimulatorMain.parse(new String[] {"--port", "eighty"}))
                .hasMessageContaining("--port must be a number");
        assertThatThrownBy(() -> SimulatorMain.parse(new String[] {"--port"})).hasMessageContaining("needs a value");
    }

    @Test
    void helpAsksForUsage() {
        assertThat(SimulatorMain.parse(new String[] {"--help"})).isNull();
    }

    @Test
    void bannerSaysItIsATestDoubleAndWhereToFindTheTokens() {
        try (ConfluenceSimulator sim = ConfluenceSimulator.start(SimulatorOptions.defaults())) {
            String banner = sim.banner();

            assertThat(banner).contains("TEST DOUBLE", sim.baseUrl(), "olivia.admin@example.com",
                    "GET " + sim.baseUrl() + "/__sim/users", sim.baseUrl() + "/compliance/api");
            assertThat(banner).doesNotContain(sim.user(SeededUser.Role.ORG_ADMIN).token());
        }
    }

    @Test
    void customFixtureReplacesTheDemoData(@TempDir Path dir) throws Exception {
        Path fixture = dir.resolve("tiny.json");
        Files.writeString(fixture, """
                {"site": {"name": "tiny", "cloudId": "c-1", "plan": "standard"},
                 "users": [{"accountId": "a-1", "email": "solo@example.com", "displayName": "Solo",
                            "role": "org-admin", "token": "t-1", "groups": []}],
                 "spaces": [{"id": "1", "key": "S", "name": "Solo space", "author": "solo@example.com"}],
                 "pages": [{"id": "10", "space": "S", "homepage": true, "title": "Home", "author": "solo@example.com"}]}
                """);

        try (ConfluenceSimulator sim = ConfluenceSimulator.start(SimulatorOptions.defaults().withFixture(fixture))) {
            assertThat(sim.users()).extracting(SeededUser::email).containsExactly("solo@example.com");
            assertThat(sim.cloudId()).isEqualTo("c-1");
            Http solo = Http.to(sim).basic("solo@example.com", "t-1");
            assertThat(solo.get("/wiki/api/v2/pages/10").json().get("title").asText()).isEqualTo("Home");
            assertThat(solo.post("/wiki/api/v2/admin-key", "").status()).isEqualTo(404);
        }
    }
}
