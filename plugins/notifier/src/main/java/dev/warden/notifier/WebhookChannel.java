package dev.warden.notifier;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.warden.plugin.HttpClientFactory.RetryObserver;
import dev.warden.plugin.PluginContext;
import dev.warden.plugin.PluginSettings;

/**
 * A generic HTTP webhook: posts {@code {"channel", "text", "data", "sentAt"}} with an {@code X-Warden-Delivery} id
 * (the same on retries, so receivers can drop duplicates) and, when the channel has a {@code secret},
 * {@code X-Warden-Signature-256: sha256=<hex HMAC-SHA256 of the body>}.
 */
final class WebhookChannel implements Channel {

    static final String SIGNATURE_HEADER = "X-Warden-Signature-256";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String name;
    private final PluginContext context;
    private final HttpDelivery delivery;
    private final Optional<String> secret;

    WebhookChannel(String name, PluginContext context, PluginSettings settings) {
        this.name = name;
        this.context = context;
        this.delivery = new HttpDelivery(name, context, settings);
        this.secret = context.secret("channels." + name + ".secret");
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String type() {
        return "webhook";
    }

    @Override
    public List<String> options() {
        return List.of("data");
    }

    @Override
    public void deliver(String text, Map<String, Object> options, RetryObserver observer) throws DeliveryException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("channel", name);
        body.put("text", text);
        body.put("data", options.get("data"));
        body.put("sentAt", context.clock().instant().toString());
        String json;
        try {
            json = JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new DeliveryException(0, "channel '" + name + "': the message is not JSON-serialisable");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("X-Warden-Delivery", UUID.randomUUID().toString());
        if (secret.isPresent()) {
            headers.put(SIGNATURE_HEADER, "sha256=" + sign(secret.get(), json));
        }
        delivery.post(json, headers, observer);
    }

    static String sign(String secret, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
        }
    }
}
