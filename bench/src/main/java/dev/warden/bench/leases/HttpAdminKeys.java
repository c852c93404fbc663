package dev.warden.bench.leases;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.warden.plugin.AdminKeyProvider;
import dev.warden.plugin.AdminKeyStatus;

/** The admin-key endpoints over plain HTTP, as the shipped plugin calls them, for the lease benchmark. */
final class HttpAdminKeys implements AdminKeyProvider {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final String url;
    private final String auth;

    HttpAdminKeys(String siteUrl, String email, String token) {
        this.url = siteUrl + "/wiki/api/v2/admin-key";
        this.auth = "Basic " + Base64.getEncoder().encodeToString((email + ":" + token).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public AdminKeyStatus status() {
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(url)).GET());
        return r.statusCode() == 404 ? AdminKeyStatus.inactive() : parse(r);
    }

    @Override
    public AdminKeyStatus enable(Duration duration) {
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"durationInMinutes\":" + duration.toMinutes() + "}")));
        if (r.statusCode() != 200) {
            throw new IllegalStateException("POST admin-key answered " + r.statusCode());
        }
        return parse(r);
    }

    @Override
    public void disable() {
        if (send(HttpRequest.newBuilder(URI.create(url)).DELETE()).statusCode() != 204) {
            throw new IllegalStateException("DELETE admin-key failed");
        }
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.header("Authorization", auth).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static AdminKeyStatus parse(HttpResponse<String> r) {
        try {
            JsonNode body = JSON.readTree(r.body());
            return new AdminKeyStatus(true, body.path("accountId").asText(), Instant.parse(body.path("expirationTime").asText()));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
