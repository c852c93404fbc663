package dev.warden.shipped;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;

import dev.warden.engine.RunOutcome;
import dev.warden.http.Json;
import dev.warden.runs.RunStatus;
import dev.warden.simulator.ConfluenceSimulator;
import dev.warden.simulator.junit.SimulatorExtension;
import dev.warden.testing.RuleBench;
import dev.warden.testing.SimulatedSite;

/** A Compliance API answering 200 with JSON of the wrong shape: the call fails with BAD_RESPONSE, not empty fields. */
@ExtendWith(SimulatorExtension.class)
class ComplianceAnswerShapesTest {

    private static final Map<String, String> ANSWERS = Map.of(
            "/api/v1/level", "{\"results\":[{\"id\":\"3f0b8a52-1c2d-4e5f-8a9b-0c1d2e3f4a01\",\"name\":\"Public\"}]}",
            "/api/v1/instance/by-page/1", "[]",
            "/api/v1/instance/by-page/2", "{\"pageId\":\"2\",\"message\":\"ok\"}",
            "/api/v1/detection", "{\"detections\":[]}");

    @TempDir
    Path dir;
    private HttpServer server;

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = ANSWERS.getOrDefault(exchange.getRequestURI().getPath(), "{\"message\":\"Not found\"}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(ANSWERS.containsKey(exchange.getRequestURI().getPath()) ? 200 : 404,
                    body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void levelsAClassificationOrDetectionsOfTheWrongShapeAreABadResponse(ConfluenceSimulator sim) throws Exception {
        Map<String, String> env = SimulatedSite.full(sim, dir);
        env.put("WARDEN_COMPLIANCE_URL", "http://127.0.0.1:" + server.getAddress().getPort() + "/api");
        try (RuleBench bench = new RuleBench(dir, env)) {
            RunOutcome outcome = bench.run("""
                    const caught = f => { try { return { returned: f() }; }
                      catch (e) { return { status: e.status, code: e.code, message: e.message }; } };
                    return { levels: caught(() => compliance.levels()),
                      array: caught(() => compliance.classification('1')),
                      noLevel: caught(() => compliance.classification('2')),
                      detections: caught(() => compliance.detections('1')) };""");
            assertThat(outcome.status()).as(String.valueOf(outcome.error())).isEqualTo(RunStatus.SUCCEEDED);
            JsonNode r = Json.MAPPER.readTree(outcome.result());
            for (String call : new String[] {"levels", "array", "noLevel", "detections"}) {
                assertThat(r.path(call).path("code").asText()).as(call + ": " + r).isEqualTo("BAD_RESPONSE");
                assertThat(r.path(call).path("status").asInt()).isEqualTo(502);
            }
            assertThat(r.path("levels").path("message").asText()).contains("array");
            assertThat(r.path("noLevel").path("message").asText()).contains("levelId");
        }
    }
}
