package dev.warden.notifier;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.warden.plugin.HttpClientFactory.RetryObserver;
import dev.warden.plugin.PluginContext;
import dev.warden.plugin.PluginSettings;
import dev.warden.plugin.RuleArguments;

/** A Slack-compatible incoming webhook: {@code {"text": ..., "blocks": [...]}}. */
final class SlackChannel implements Channel {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String name;
    private final HttpDelivery delivery;

    SlackChannel(String name, PluginContext context, PluginSettings settings) {
        this.name = name;
        this.delivery = new HttpDelivery(name, context, settings);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String type() {
        return "slack";
    }

    @Override
    public List<String> options() {
        return List.of("blocks");
    }

    @Override
    public void check(RuleArguments args, Map<String, Object> options) {
        Object blocks = options.get("blocks");
        if (blocks != null && !(blocks instanceof List<?>)) {
            throw args.bad("blocks must be an array of Slack blocks, not " + RuleArguments.typeOf(blocks));
        }
    }

    @Override
    public void deliver(String text, Map<String, Object> options, RetryObserver observer) throws DeliveryException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("text", text);
        if (options.get("blocks") != null) {
            body.put("blocks", options.get("blocks"));
        }
        try {
            delivery.post(JSON.writeValueAsString(body), Map.of(), observer);
        } catch (JsonProcessingException e) {
            throw new DeliveryException(0, "channel '" + name + "': the message is not JSON-serialisable");
        }
    }
}
