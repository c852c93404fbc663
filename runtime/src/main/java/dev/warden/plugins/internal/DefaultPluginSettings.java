package dev.warden.plugins.internal;

import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import dev.warden.config.PluginsConfig;
import dev.warden.plugin.PluginSettings;

/** A section of the flat plugin settings: the environment variable of a key wins over the config file. */
final class DefaultPluginSettings implements PluginSettings {

    private final PluginsConfig config;
    private final String prefix;

    DefaultPluginSettings(PluginsConfig config, String prefix) {
        this.config = config;
        this.prefix = prefix;
    }

    @Override
    public Optional<String> get(String key) {
        String fromEnvironment = config.environment().get(PluginsConfig.variable(prefix + key));
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return Optional.of(fromEnvironment);
        }
        return Optional.ofNullable(config.sections().get(prefix + key));
    }

    @Override
    public Set<String> keys() {
        Set<String> keys = new TreeSet<>();
        config.sections().keySet().stream().filter(k -> k.startsWith(prefix))
                .forEach(k -> keys.add(k.substring(prefix.length())));
        return keys;
    }

    @Override
    public PluginSettings section(String name) {
        return new DefaultPluginSettings(config, prefix + name + ".");
    }
}
