package dev.warden.notifier;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import dev.warden.plugin.PluginContext;
import dev.warden.plugin.PluginSettings;

/** The channels configured under {@code notifier.channels.<name>.type}, built once per plugin start. */
final class Channels {

    private final Map<String, Channel> byName;
    private final Map<String, String> problems;

    private Channels(Map<String, Channel> byName, Map<String, String> problems) {
        this.byName = byName;
        this.problems = problems;
    }

    static Channels from(PluginContext context) {
        Map<String, Channel> channels = new LinkedHashMap<>();
        Map<String, String> problems = new LinkedHashMap<>();
        PluginSettings all = context.settings().section("channels");
        for (String name : all.children()) {
            PluginSettings settings = all.section(name);
            String type = settings.get("type", "");
            try {
                Channel channel = switch (type) {
                    case "slack" -> new SlackChannel(name, context, settings);
                    case "webhook" -> new WebhookChannel(name, context, settings);
                    case "email" -> EmailChannel.create(name, context, settings);
                    default -> throw new IllegalArgumentException("notifier.channels." + name + ".type must be "
                            + "slack, webhook or email, got '" + type + "'");
                };
                channels.put(name, channel);
            } catch (IllegalArgumentException e) {
                problems.put(name, e.getMessage());
            }
        }
        return new Channels(channels, problems);
    }

    Channel get(String name) {
        return byName.get(name);
    }

    Map<String, Channel> all() {
        return byName;
    }

    /** Why a configured channel could not be built, or null. */
    String problem(String name) {
        return problems.get(name);
    }

    String describe() {
        if (byName.isEmpty() && problems.isEmpty()) {
            return "none (configure notifier.channels.<name>.type)";
        }
        return byName.values().stream().map(c -> c.name() + " (" + c.type() + ")").collect(Collectors.joining(", "))
                + (problems.isEmpty() ? "" : "; unusable: " + String.join("; ", problems.values()));
    }
}
