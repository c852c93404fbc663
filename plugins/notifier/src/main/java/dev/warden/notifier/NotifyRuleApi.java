package dev.warden.notifier;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.pf4j.Extension;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.warden.plugin.Notification;
import dev.warden.plugin.PluginContext;
import dev.warden.plugin.RuleApiProvider;
import dev.warden.plugin.RuleCallException;
import dev.warden.plugin.RuleFunction;

/**
 * {@code notify.send(channel, message, options)} and {@code notify.channels()} in the rule context. A message that
 * is not a string (an object, a list, a number) is sent as its JSON text.
 */
@Extension
public class NotifyRuleApi implements RuleApiProvider {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ChannelNotifier notifier;

    public NotifyRuleApi(PluginContext context) {
        this.notifier = new ChannelNotifier(context);
    }

    @Override
    public String namespace() {
        return "notify";
    }

    @Override
    public boolean topLevel() {
        return true;
    }

    @Override
    public Map<String, RuleFunction> functions() {
        return Map.of(
                "send", (call, a) -> {
                    String channel = a.size() > 0 && a.get(0) instanceof String s ? s : null;
                    Object message = a.size() > 1 ? a.get(1) : null;
                    if (channel == null || message == null) {
                        throw new RuleCallException(400, "BAD_ARGUMENT", "notify.send(channel, message, options?) "
                                + "needs a channel name and a message");
                    }
                    Map<String, Object> options = new LinkedHashMap<>();
                    if (a.size() > 2 && a.get(2) instanceof Map<?, ?> given) {
                        given.forEach((k, v) -> options.put(String.valueOf(k), v));
                    }
                    notifier.send(new Notification(channel, text(message), options, call.log()));
                    return Map.of("channel", channel, "delivered", true);
                },
                "channels", (call, a) -> List.copyOf(notifier.channels()));
    }

    /** A string as it is; any other value (an object, a list, a number) as JSON text. */
    private static String text(Object message) {
        if (message instanceof String s) {
            return s;
        }
        try {
            return JSON.writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new RuleCallException(400, "BAD_ARGUMENT", "notify.send: the message is neither a string nor "
                    + "JSON-serialisable");
        }
    }
}
