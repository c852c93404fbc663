package dev.warden.config;

import java.util.List;
import java.util.Map;

/**
 * Which plugins run and what they are told.
 *
 * @param enabled plugin ids enabled by configuration ({@code plugins.enabled}); {@code enabled.txt} in the plugins
 *                folder may add more
 * @param sections every setting of a plugin's section ({@code <pluginId>.<key>}) from the config file, flat
 * @param environment the {@code WARDEN_*} variables, where plugin settings and secrets are looked up first
 */
public record PluginsConfig(List<String> enabled, Map<String, String> sections, Map<String, String> environment) {

    public PluginsConfig {
        enabled = List.copyOf(enabled);
        sections = Map.copyOf(sections);
        environment = Map.copyOf(environment);
    }

    /** Names the variables but never their values, which may be secrets. */
    @Override
    public String toString() {
        return "PluginsConfig[enabled=" + enabled + ", sections=" + sections + ", environment="
                + environment.keySet() + "]";
    }

    /** The environment variable for a setting: {@code compliance.keyFile} is {@code WARDEN_COMPLIANCE_KEY_FILE}. */
    public static String variable(String key) {
        String spaced = key.replaceAll("([a-z0-9])([A-Z])", "$1_$2");
        return "WARDEN_" + spaced.toUpperCase(java.util.Locale.ROOT).replaceAll("[^A-Z0-9]+", "_");
    }
}
