package dev.warden.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import dev.warden.http.Json;
import dev.warden.simulator.ConfluenceSimulator;

/** The simulator's control API over HTTP: its request log and fault injection. */
public final class SimulatorControl {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private final ConfluenceSimulator simulator;

    public SimulatorControl(ConfluenceSimulator simulator) {
        this.simulator = simulator;
    }

    /** Logged requests matching method and path, oldest first. */
    public List<JsonNode> requests(String method, String path) {
        List<JsonNode> matching = new ArrayList<>();
        for (JsonNode r : call("GET", "/__sim/requests", null)) {
            if (r.path("method").asText().equals(method) && r.path("path").asText().equals(path)) {
                matching.add(r);
            }
        }
        return matching;
    }

    public JsonNode requestLog() {
        return call("GET", "/__sim/requests", null);
    }

    public void fault(String json) {
        call("POST", "/__sim/faults", json);
    }

    /** The faults still active (one that fired its {@code times} is gone). */
    public JsonNode faults() {
        return call("GET", "/__sim/faults", null);
    }

    public void clearFaults() {
        call("DELETE", "/__sim/faults", null);
    }

    private JsonNode call(String method, String path, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(simulator.baseUrl() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        try {
            HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return r.body().isBlank() ? null : Json.parseBody(r.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
