package dev.warden.plugins.internal;

import java.nio.file.Path;
import java.util.function.Function;

import org.pf4j.DefaultPluginManager;
import org.pf4j.ExtensionFactory;
import org.pf4j.PluginFactory;
import org.pf4j.PluginStatusProvider;
import org.pf4j.PluginWrapper;

import dev.warden.plugin.PluginContext;

/**
 * PF4J's manager with Warden's factories (plugins and extensions get their {@link PluginContext}) and explicit
 * enabling. PF4J builds its parts from its constructor, before this class's fields exist, so the factories reach
 * back through method references that are called only later.
 */
public final class WardenPluginManager extends DefaultPluginManager {

    private Function<String, PluginContext> contexts;
    private EnabledPlugins enabled;
    private ContextExtensionFactory extensions;

    /**
     * @param configured the ids in {@code plugins.enabled}; {@code enabled.txt} in the folder may add more
     */
    public WardenPluginManager(Path folder, java.util.List<String> configured,
                               Function<String, PluginContext> contexts) {
        super(folder);
        this.enabled = new EnabledPlugins(configured, folder);
        this.contexts = contexts;
    }

    @Override
    protected PluginFactory createPluginFactory() {
        return new ContextPluginFactory(id -> contexts.apply(id));
    }

    @Override
    protected ExtensionFactory createExtensionFactory() {
        extensions = new ContextExtensionFactory(type -> {
            PluginWrapper plugin = whichPlugin(type);
            return plugin == null ? null : plugin.getPluginId();
        }, id -> contexts.apply(id));
        return extensions;
    }

    @Override
    protected PluginStatusProvider createPluginStatusProvider() {
        return new PluginStatusProvider() {
            @Override
            public boolean isPluginDisabled(String pluginId) {
                return enabled.isPluginDisabled(pluginId);
            }

            @Override
            public void disablePlugin(String pluginId) {
                enabled.disablePlugin(pluginId);
            }

            @Override
            public void enablePlugin(String pluginId) {
                enabled.enablePlugin(pluginId);
            }
        };
    }

    /** The Plugin-Id of the plugin file at {@code path}, or null when its descriptor cannot be read. */
    public String idOf(Path path) {
        try {
            return getPluginDescriptorFinder().find(path).getPluginId();
        } catch (RuntimeException e) {
            return null;
        }
    }

    public boolean isEnabled(String pluginId) {
        return enabled.isEnabled(pluginId);
    }

    /** The ids enabled in configuration and {@code enabled.txt}, installed or not. */
    public java.util.Set<String> enabledIds() {
        return enabled.ids();
    }

    /** Drops the plugin's extension instances, so a restart constructs them again. */
    public void forgetExtensions(PluginWrapper plugin) {
        extensions.forget(plugin.getPluginClassLoader());
    }
}
