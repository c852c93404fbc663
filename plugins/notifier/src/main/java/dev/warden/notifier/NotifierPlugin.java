package dev.warden.notifier;

import dev.warden.plugin.PluginContext;
import dev.warden.plugin.WardenPlugin;

/** Notification channels configured by name under {@code notifier.channels.<name>}. */
public class NotifierPlugin extends WardenPlugin {

    public NotifierPlugin(PluginContext context) {
        super(context);
    }

    @Override
    public void start() {
        Channels channels = Channels.from(context());
        context().logger().info("notifier channels: {}", channels.describe());
    }
}
