package dev.warden.plugin;

import java.time.Clock;
import java.util.Optional;

import org.slf4j.Logger;

/**
 * What the host hands each plugin, and all a plugin should use of the host. Warden passes it to the constructor of
 * the {@link WardenPlugin} and of every extension class that declares a constructor taking a {@code PluginContext}.
 * Thread-safe.
 */
public interface PluginContext {

    /** The plugin's id from its {@code Plugin-Id} manifest entry. */
    String pluginId();

    /**
     * The plugin's own configuration section: the settings under {@code <pluginId>.} in the config file, each
     * overridable by {@code WARDEN_<PLUGINID>_<KEY>} (upper case, dots and dashes as underscores).
     */
    PluginSettings settings();

    /**
     * A secret of the plugin's section, e.g. {@code secret("key")} for plugin {@code compliance}: read from
     * {@code WARDEN_COMPLIANCE_KEY}, else from the file named by the {@code compliance.keyFile} setting. Secrets are
     * never read from the config file itself. Never log the value.
     */
    Optional<String> secret(String name);

    /** HTTP clients with the host's timeouts, proxy and retry policy. */
    HttpClientFactory http();

    /** The Confluence site and account Warden is configured for, if any. */
    Optional<ConfluenceSite> confluence();

    /** A logger named after the plugin. */
    Logger logger();

    /** The host's clock; use it instead of the system clock so tests can control time. */
    Clock clock();
}
