package dev.warden.plugin;

import org.pf4j.Plugin;

/**
 * The base class of a Warden plugin's {@code Plugin-Class}: Warden constructs it with the plugin's
 * {@link PluginContext}. Override {@link #start()} and {@link #stop()} for work at those moments; an exception thrown
 * from {@code start()} marks only this plugin as failed.
 */
public abstract class WardenPlugin extends Plugin {

    private final PluginContext context;

    protected WardenPlugin(PluginContext context) {
        this.context = context;
    }

    /** What the host hands this plugin: settings, secrets, HTTP clients, a logger and a clock. */
    public PluginContext context() {
        return context;
    }
}
