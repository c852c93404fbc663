package dev.warden.notifier;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.util.Map;

import dev.warden.plugin.HttpClientFactory.RetryObserver;
import dev.warden.plugin.PluginContext;
import dev.warden.plugin.PluginSettings;
import dev.warden.plugin.ResponseTooLargeException;

/** Posts JSON to a channel's URL with the host's retries; errors name the channel, never the URL. */
final class HttpDelivery {

    private final String channel;
    private final PluginContext context;
    private final URI url;

    HttpDelivery(String channel, PluginContext context, PluginSettings settings) {
        this.channel = channel;
        this.context = context;
        // The URL of a Slack webhook carries its token, so it is read as a secret (environment or urlFile) first.
        String raw = context.secret("channels." + channel + ".url").or(() -> settings.get("url")).orElseThrow(() ->
                new IllegalArgumentException("channel '" + channel + "' needs a url: set "
                        + "WARDEN_NOTIFIER_CHANNELS_" + channel.toUpperCase(java.util.Locale.ROOT)
                        .replaceAll("[^A-Z0-9]", "_") + "_URL or notifier.channels." + channel + ".urlFile"));
        try {
            this.url = URI.create(raw.trim());
            if (url.getScheme() == null || !url.getScheme().startsWith("http")) {
                throw new IllegalArgumentException();
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("channel '" + channel + "' has a url that is not an http(s) URL");
        }
    }

    void post(String json, Map<String, String> headers, RetryObserver observer) throws DeliveryException {
        HttpRequest.Builder request = context.http().request(url).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        headers.forEach(request::header);
        HttpResponse<String> response;
        try {
            // Notifications are retried like idempotent calls: a receiver may see a message twice, never zero times.
            response = context.http().send(request.build(), true, observer);
        } catch (HttpConnectTimeoutException e) {
            throw new DeliveryException(0, "channel '" + channel + "': " + e.getMessage());
        } catch (HttpTimeoutException | ResponseTooLargeException e) {
            // The receiver got the message and had begun answering or taking its time: it may have acted on it.
            throw new DeliveryException(0, DeliveryException.UNCONFIRMED, "channel '" + channel + "': "
                    + e.getMessage());
        } catch (IOException e) {
            throw new DeliveryException(0, "channel '" + channel + "' could not be reached: "
                    + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeliveryException(0, "channel '" + channel + "': sending was interrupted");
        }
        if (response.statusCode() / 100 != 2) {
            throw new DeliveryException(response.statusCode(), "channel '" + channel + "' answered HTTP "
                    + response.statusCode());
        }
    }
}
