package dev.warden.config;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Which keys of a config file belong to a plugin's section ({@code <pluginId>.<key>}) and which are typos or secrets
 * that must not be written there.
 */
final class PluginSections {

    /** Sections with host settings that still belong to a plugin, which may add keys of its own. */
    static final Set<String> PLUGIN_OWNED = Set.of("compliance");

    private PluginSections() {
    }

    /**
     * @param plugins the ids of installed or enabled plugins: only their sections are accepted
     * @throws ConfigException for an unknown key or a secret written in the file
     */
    static void check(String key, Path file, Set<String> plugins, Map<String, String> known, Set<String> secrets) {
        String section = key.contains(".") ? key.substring(0, key.indexOf('.')) : key;
        boolean plugin = isPluginSetting(key, known) && (plugins.contains(section) || PLUGIN_OWNED.contains(section));
        if (!known.containsKey(key) && !plugin) {
            throw new ConfigException("unknown setting '" + key + "' in " + file + "; known settings: "
                    + String.join(", ", known.keySet()) + " (a plugin's settings go under its id, e.g. "
                    + "notifier.channels.ops.type, once the plugin is in the plugins folder or plugins.enabled)");
        }
        if (plugin && looksSecret(key)) {
            throw new ConfigException("'" + key + "' looks like a secret and may not be written in " + file
                    + "; set " + PluginsConfig.variable(key) + " or '" + key + "File' instead");
        }
        if (secrets.contains(key)) {
            throw new ConfigException("'" + key + "' is a secret and may not be written in " + file
                    + "; set " + known.get(key) + " or '" + key + "File' instead");
        }
    }

    /** A key of a plugin's section: its first segment is no host section, or a plugin-owned one. */
    static boolean isPluginSetting(String key, Map<String, String> known) {
        String section = key.contains(".") ? key.substring(0, key.indexOf('.')) : key;
        if (PLUGIN_OWNED.contains(section)) {
            return !known.containsKey(key);
        }
        return key.contains(".") && known.keySet().stream().noneMatch(k -> k.startsWith(section + ".")
                || k.equals(section));
    }

    /** Plugin settings named like secrets are refused in the file, as host secrets are. */
    static boolean looksSecret(String key) {
        String last = key.substring(key.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
        return last.endsWith("password") || last.endsWith("token") || last.endsWith("secret")
                || last.equals("key") || last.equals("apikey");
    }
}
