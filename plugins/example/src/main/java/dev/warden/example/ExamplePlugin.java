package dev.warden.example;

import dev.warden.plugin.PluginContext;
import dev.warden.plugin.WardenPlugin;

/** The plugin class named by {@code Plugin-Class}: Warden constructs it with the plugin's context. */
public class ExamplePlugin extends WardenPlugin {

    public ExamplePlugin(PluginContext context) {
        super(context);
    }

    @Override
    public void start() {
        context().logger().info("example plugin started; greeting is '{}'", greeting(context()));
    }

    static String greeting(PluginContext context) {
        return context.settings().get("greeting", "Hello");
    }
}
