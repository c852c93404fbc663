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
import dev.warden.plugin.RuleArguments;
import dev.warden.plugin.RuleFunction;

/**
 * {@code notify.send(channel, message, options)} and {@code notify.channels()} in the rule context. A message that
 * is not a string (an object, a list, a number) is sent as its JSON text.
 */
@Extension
public class NotifyRuleApi implements RuleApiProvider {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The longest message text: 1 MiB of characters, far past what Slack shows or a mail reader scrolls through. */
    static final int MAX_TEXT = 1 << 20;

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
                    RuleArguments args = new RuleArguments("notify.send", a);
                    String channel = channel(args);
                    String text = text(args);
                    Map<String, Object> options = new LinkedHashMap<>();
                    Object given = args.raw(2);
                    if (given != null && !(given instanceof Map<?, ?>)) {
                        throw args.bad("options (argument 3) must be an object, not " + RuleArguments.typeOf(given));
                    }
                    if (given instanceof Map<?, ?> map) {
                        map.forEach((k, v) -> options.put(String.valueOf(k), v));
                    }
                    notifier.send(new Notification(channel, text, options, call.log()));
                    return Map.of("channel", channel, "delivered", true);
                },
                "channels", (call, a) -> List.copyOf(notifier.channels()));
    }

    private static String channel(RuleArguments args) {
        Object value = args.raw(0);
        if (!(value instanceof String name) || name.isBlank()) {
            throw args.bad("channel (argument 1) must be a channel's name, a non-empty string, not "
                    + (value instanceof String ? "\"\"" : RuleArguments.shown(value))
                    + "; notify.channels() lists them");
        }
        return name;
    }

    /** A string as it is; any other value (an object, a list, a number) as JSON text; at most {@link #MAX_TEXT}. */
    private static String text(RuleArguments args) {
        Object message = args.raw(1);
        if (message == null) {
            throw args.bad("message (argument 2) is missing: give a string, or a value to send as its JSON text");
        }
        String text;
        if (message instanceof String s) {
            text = s;
        } else {
            try {
                text = JSON.writeValueAsString(message);
            } catch (JsonProcessingException e) {
                throw args.bad("message (argument 2) is neither a string nor JSON-serialisable");
            }
        }
        if (text.length() > MAX_TEXT) {
            throw args.bad("message (argument 2) is " + text.length() + " characters long; a notification holds at "
                    + "most " + MAX_TEXT + " (send a link to the details instead); nothing was sent");
        }
        return text;
    }
}
