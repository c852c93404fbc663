package dev.warden.confluence;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import com.fasterxml.jackson.databind.JsonNode;

import dev.warden.http.Json;
import dev.warden.simulator.ConfluenceSimulator;

/** The simulator's control API: inject faults, read the request log. */
public final class Faults {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private Faults() {
    }

    public static void add(ConfluenceSimulator sim, String json) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/__sim/faults"))
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 201) {
            throw new AssertionError("fault refused: " + response.body());
        }
    }

    public static JsonNode requests(ConfluenceSimulator sim) throws Exception {
        return Json.MAPPER.readTree(HTTP.send(HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/__sim/requests"))
                .GET().build(), HttpResponse.BodyHandlers.ofString()).body());
    }

    public static long requests(ConfluenceSimulator sim, String method, String path) throws Exception {
        long count = 0;
        for (JsonNode r : requests(sim)) {
            if (r.path("method").asText().equals(method) && r.path("path").asText().equals(path)) {
                count++;
            }
        }
        return count;
    }
}
