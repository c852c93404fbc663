package dev.warden.confluence;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;

import dev.warden.plugin.HttpClientFactory;
import dev.warden.plugin.ResponseTooLargeException;
import dev.warden.plugin.RuleCall;
import dev.warden.plugin.RuleCallException;

/**
 * Confluence Cloud REST calls as the configured account: JSON in and out, the run's {@link RunHeaders}, the host's
 * retries (Retry-After on 429/503, backoff on 5xx for idempotent calls) and every failure diagnosed by
 * {@link ConfluenceErrors}. Thread-safe.
 */
public final class ConfluenceClient {

    static final ObjectMapper JSON = new ObjectMapper();

    private final ConfluenceConnection connection;
    private final HttpClientFactory http;
    private final RunHeaders runHeaders;

    /**
     * @param connection the site, or null when none is configured (every call then fails with {@code NO_SITE})
     */
    public ConfluenceClient(ConfluenceConnection connection, HttpClientFactory http, RunHeaders runHeaders) {
        this.connection = connection;
        this.http = http;
        this.runHeaders = runHeaders;
    }

    public ConfluenceConnection connection() {
        return connection;
    }

    /**
     * One call; 2xx answers come back as JSON (a text node for a non-JSON body, null for none).
     *
     * @param pathAndQuery from {@code /wiki} on, e.g. {@code /wiki/api/v2/pages/1?body-format=storage}
     * @param body a JSON body, or null
     */
    public JsonNode call(RuleCall call, String method, String pathAndQuery, Object body) {
        HttpResponse<String> response = send(call, method, pathAndQuery, body, Map.of());
        if (response.statusCode() / 100 != 2) {
            throw connection.failure(response);
        }
        return parse(response.body());
    }

    /** Every item of a cursor-paged list, following {@code _links.next} until none or {@code max} items. */
    public List<JsonNode> collect(RuleCall call, String firstPath, int max) {
        List<JsonNode> items = new ArrayList<>();
        String next = firstPath;
        while (next != null && items.size() < max) {
            JsonNode page = call(call, "GET", next, null);
            for (JsonNode item : page.path("results")) {
                if (items.size() < max) {
                    items.add(item);
                }
            }
            next = nextPath(page.path("_links"));
        }
        return items;
    }

    /** The raw answer, whatever its status; extra headers must already have been vetted by the caller. */
    HttpResponse<String> send(RuleCall call, String method, String pathAndQuery, Object body,
                              Map<String, String> extraHeaders) {
        ConfluenceConnection site = requireSite();
        try {
            HttpRequest.Builder request = site.authorize(http.request(URI.create(site.apiBase() + pathAndQuery)))
                    .header("Accept", "application/json");
            extraHeaders.forEach(request::header);
            runHeaders.headersFor(call).forEach(request::header);
            if (body != null) {
                request.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
            } else {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            }
            HttpResponse<String> response = http.send(request.build(), !method.equalsIgnoreCase("POST")
                    && !method.equalsIgnoreCase("PATCH"));
            runHeaders.answered(call, method, pathAndQuery.replaceAll("\\?.*", ""), response.statusCode());
            return response;
        } catch (HttpConnectTimeoutException e) {
            throw new RuleCallException(0, "UNREACHABLE", e.getMessage(), "check confluence.url "
                    + "(WARDEN_CONFLUENCE_URL) and the network or proxy (outbound.proxy) between Warden and Confluence");
        } catch (HttpTimeoutException e) {
            throw new RuleCallException(0, "TIMEOUT", e.getMessage(), "Confluence at " + site.siteUrl() + " was "
                    + "too slow for this call: ask for less (a smaller pageSize or max), or raise "
                    + "outbound.requestTimeout (WARDEN_OUTBOUND_REQUEST_TIMEOUT), below the rule's own timeout");
        } catch (ResponseTooLargeException e) {
            throw new RuleCallException(0, "RESPONSE_TOO_LARGE", e.getMessage(), "ask for less (a smaller pageSize, "
                    + "no body-format), or raise outbound.maxResponseBody (WARDEN_OUTBOUND_MAX_RESPONSE_BODY)");
        } catch (IOException e) {
            throw new RuleCallException(0, "UNREACHABLE", "Confluence at " + site.siteUrl() + " could not be reached"
                    + " (" + e.getClass().getSimpleName() + ")", "check confluence.url (WARDEN_CONFLUENCE_URL), "
                    + "DNS and the network or proxy (outbound.proxy) between Warden and Confluence");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RuleCallException(0, "INTERRUPTED", "the Confluence call was interrupted");
        } catch (IllegalArgumentException e) {
            throw new RuleCallException(400, "BAD_PATH", "'" + pathAndQuery + "' is not a valid request path");
        }
    }

    private ConfluenceConnection requireSite() {
        if (connection == null) {
            throw new RuleCallException(0, "NO_SITE", "no Confluence site is configured",
                    "set confluence.url (WARDEN_CONFLUENCE_URL), WARDEN_CONFLUENCE_EMAIL and "
                            + "WARDEN_CONFLUENCE_TOKEN, then run `warden doctor`");
        }
        return connection;
    }

    /** v2's {@code next} starts with /wiki; v1 search's is relative to {@code _links.context}. */
    static String nextPath(JsonNode links) {
        String next = links.path("next").asText(null);
        if (next == null || next.isBlank()) {
            return null;
        }
        if (next.startsWith("/wiki/")) {
            return next;
        }
        return links.path("context").asText("/wiki") + next;
    }

    static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return NullNode.instance;
        }
        try {
            return JSON.readTree(body);
        } catch (IOException notJson) {
            return TextNode.valueOf(body);
        }
    }
}
