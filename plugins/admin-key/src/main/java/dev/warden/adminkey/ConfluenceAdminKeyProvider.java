package dev.warden.adminkey;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;

import org.pf4j.Extension;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.warden.plugin.AdminKeyProvider;
import dev.warden.plugin.AdminKeyStatus;
import dev.warden.plugin.ConfluenceSite;
import dev.warden.plugin.PluginContext;
import dev.warden.plugin.ResponseTooLargeException;
import dev.warden.plugin.RuleCallException;

/** {@code /wiki/api/v2/admin-key} exactly as Confluence documents it: GET the key, POST to enable, DELETE to disable. */
@Extension
public class ConfluenceAdminKeyProvider implements AdminKeyProvider {

    static final String PATH = "/wiki/api/v2/admin-key";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final PluginContext context;

    public ConfluenceAdminKeyProvider(PluginContext context) {
        this.context = context;
    }

    @Override
    public AdminKeyStatus status() {
        HttpResponse<String> response = send("GET", HttpRequest.BodyPublishers.noBody());
        if (response.statusCode() == 404) {
            return AdminKeyStatus.inactive();
        }
        return parse(response);
    }

    @Override
    public AdminKeyStatus enable(Duration duration) {
        long minutes = Math.max(1, (duration.toSeconds() + 59) / 60);
        if (duration.isNegative() || duration.isZero() || minutes > 60) {
            throw new RuleCallException(400, "INVALID_DURATION", "an admin key lasts 1 to 60 minutes, not "
                    + duration.toMinutes() + " minutes", "Confluence refuses durations above 60 minutes (its "
                    + "documentation's 145-minute example fails); ask for a shorter lease");
        }
        String body = "{\"durationInMinutes\":" + minutes + "}";
        HttpResponse<String> response = send("POST", HttpRequest.BodyPublishers.ofString(body));
        if (response.statusCode() == 404) {
            throw unavailable();
        }
        return parse(response);
    }

    @Override
    public void disable() {
        HttpResponse<String> response = send("DELETE", HttpRequest.BodyPublishers.noBody());
        if (response.statusCode() == 404) {
            throw unavailable();
        }
        if (response.statusCode() != 204 && response.statusCode() != 200) {
            throw site().failure(response);
        }
    }

    private AdminKeyStatus parse(HttpResponse<String> response) {
        if (response.statusCode() != 200) {
            throw site().failure(response);
        }
        try {
            JsonNode key = JSON.readTree(response.body());
            String expiration = key.path("expirationTime").asText(null);
            return new AdminKeyStatus(true, key.path("accountId").asText(null),
                    expiration == null ? null : Instant.parse(expiration));
        } catch (IOException | RuntimeException e) {
            throw new RuleCallException(502, "BAD_RESPONSE", "Confluence answered the admin-key call with a body "
                    + "that is not the documented {accountId, expirationTime}");
        }
    }

    private HttpResponse<String> send(String method, HttpRequest.BodyPublisher body) {
        ConfluenceSite site = site();
        HttpRequest request = site.authorize(context.http().request(URI.create(site.apiBase() + PATH)))
                .header("Accept", "application/json")
                .header("Content-Type", "application/json")
                .method(method, body)
                .build();
        try {
            // Every admin-key call is idempotent: enabling again re-issues the key with the new expiry.
            return context.http().send(request, true);
        } catch (HttpTimeoutException e) {
            if (e instanceof HttpConnectTimeoutException) {
                throw new RuleCallException(0, "UNREACHABLE", "Confluence could not be reached for the admin key: "
                        + e.getMessage());
            }
            // Reached, but too slow: Confluence may have acted on the call, so it is not "unreachable".
            throw new RuleCallException(0, "TIMEOUT", "Confluence was too slow answering the admin-key call: "
                    + e.getMessage(), "raise outbound.requestTimeout (WARDEN_OUTBOUND_REQUEST_TIMEOUT) if Confluence "
                    + "is slow but answers");
        } catch (ResponseTooLargeException e) {
            throw new RuleCallException(502, "RESPONSE_TOO_LARGE", "Confluence answered the admin-key call with more "
                    + "than the documented {accountId, expirationTime}: " + e.getMessage());
        } catch (IOException e) {
            throw new RuleCallException(0, "UNREACHABLE", "Confluence could not be reached for the admin key: "
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RuleCallException(0, "INTERRUPTED", "the admin-key call was interrupted");
        }
    }

    private ConfluenceSite site() {
        return context.confluence().orElseThrow(() -> new RuleCallException(0, "NO_SITE",
                "no Confluence site is configured", "set confluence.url (WARDEN_CONFLUENCE_URL), "
                + "WARDEN_CONFLUENCE_EMAIL and WARDEN_CONFLUENCE_TOKEN, then run `warden doctor`"));
    }

    private static RuleCallException unavailable() {
        return new RuleCallException(404, "ADMIN_KEY_UNAVAILABLE", "Confluence has no admin key for this account",
                "Confluence answers 404 when the account is not an organization or site admin, or when the site is "
                        + "not on the Premium or Enterprise plan (the admin key exists only there). Check the "
                        + "account's admin role in admin.atlassian.com and the site's plan; `warden doctor` checks "
                        + "admin rights.");
    }
}
