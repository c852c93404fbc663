package dev.warden.plugins.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.warden.config.PluginsConfig;
import dev.warden.plugin.ConfluenceSite;
import dev.warden.plugin.HttpClientFactory;
import dev.warden.plugin.PluginContext;
import dev.warden.plugin.PluginSettings;

/** The host's side of a plugin's context: its section, its secrets, the shared HTTP factory, site and clock. */
public final class DefaultPluginContext implements PluginContext {

    private final String pluginId;
    private final PluginsConfig config;
    private final HttpClientFactory http;
    private final ConfluenceSite site;
    private final Clock clock;
    private final Logger logger;

    public DefaultPluginContext(String pluginId, PluginsConfig config, HttpClientFactory http, ConfluenceSite site,
                                Clock clock) {
        this.pluginId = pluginId;
        this.config = config;
        this.http = http;
        this.site = site;
        this.clock = clock;
        this.logger = LoggerFactory.getLogger("warden.plugin." + pluginId);
    }

    @Override
    public String pluginId() {
        return pluginId;
    }

    @Override
    public PluginSettings settings() {
        return new DefaultPluginSettings(config, pluginId + ".");
    }

    @Override
    public Optional<String> secret(String name) {
        String key = pluginId + "." + name;
        String direct = config.environment().get(PluginsConfig.variable(key));
        if (direct != null && !direct.isBlank()) {
            return Optional.of(direct);
        }
        Optional<String> file = settings().get(name + "File");
        if (file.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Files.readString(Path.of(file.get())).strip());
        } catch (IOException e) {
            logger.error("the secret file for {} ({}File) cannot be read: {}", key, key, e.getMessage());
            return Optional.empty();
        }
    }

    @Override
    public HttpClientFactory http() {
        return http;
    }

    @Override
    public Optional<ConfluenceSite> confluence() {
        return Optional.ofNullable(site);
    }

    @Override
    public Logger logger() {
        return logger;
    }

    @Override
    public Clock clock() {
        return clock;
    }
}
