package dev.warden.testing;

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

import dev.warden.http.Json;
import dev.warden.plugin.AdminKeyProvider;
import dev.warden.plugin.AdminKeyStatus;
import dev.warden.plugin.RuleCallException;
import dev.warden.simulator.ConfluenceSimulator;
import dev.warden.simulator.SeededUser;

/** A plain HTTP admin-key client for lease tests: talks to the simulator exactly as the documented API says. */
public final class SiteAdminKeys implements AdminKeyProvider {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private final String url;
    private final String auth;

    public SiteAdminKeys(ConfluenceSimulator simulator, SeededUser user) {
        this(simulator.baseUrl(), user.email(), user.token());
    }

    public SiteAdminKeys(String siteUrl, String email, String token) {
        this.url = siteUrl + "/wiki/api/v2/admin-key";
        this.auth = "Basic " + Base64.getEncoder().encodeToString((email + ":" + token)
                .getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public AdminKeyStatus status() {
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(url)).GET());
        if (r.statusCode() == 404) {
            return AdminKeyStatus.inactive();
        }
        if (r.statusCode() != 200) {
            throw new RuleCallException(r.statusCode(), "ADMIN_KEY", "GET admin-key answered " + r.statusCode());
        }
        return parse(r);
    }

    @Override
    public AdminKeyStatus enable(Duration duration) {
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"durationInMinutes\":" + duration.toMinutes() + "}")));
        if (r.statusCode() != 200) {
            throw new RuleCallException(r.statusCode(), "ADMIN_KEY", "POST admin-key answered " + r.statusCode()
                    + ": " + r.body());
        }
        return parse(r);
    }

    @Override
    public void disable() {
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(url)).DELETE());
        if (r.statusCode() != 204) {
            throw new RuleCallException(r.statusCode(), "ADMIN_KEY", "DELETE admin-key answered " + r.statusCode());
        }
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return HTTP.send(request.header("Authorization", auth).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new RuleCallException(0, "UNREACHABLE", "admin-key call failed: " + e.getClass().getSimpleName()
                    + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static AdminKeyStatus parse(HttpResponse<String> r) {
        JsonNode body = Json.parseBody(r.body());
        // As the shipped plugin reads it: an answer without an expiry gives none.
        String expiration = body.path("expirationTime").asText(null);
        return new AdminKeyStatus(true, body.path("accountId").asText(),
                expiration == null ? null : Instant.parse(expiration));
    }
}
