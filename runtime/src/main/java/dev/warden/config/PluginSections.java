package dev.warden.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import dev.warden.plugin.NearestName;

/**
 * Which keys of a config file belong to a plugin's section ({@code <pluginId>.<key>}) and which are typos or secrets
 * that must not be written there.
 */
final class PluginSections {

    /** Sections with host settings that still belong to a plugin, which may add keys of its own. */
    static final Set<String> PLUGIN_OWNED = Set.of("compliance");
    /** The most letters a key may differ by from a known one to be offered as "did you mean". */
    private static final int NEAR = 3;

    private PluginSections() {
    }

    /**
     * @param plugins the installed or enabled plugins: only their sections are accepted, and only the keys they
     *                declare when they declare any
     * @param where the file and line the key is on, for messages
     * @throws ConfigException for an unknown key or a secret written in the file
     */
    static void check(String key, String where, InstalledPlugins plugins, Map<String, String> known,
                      Set<String> secrets) {
        String section = section(key);
        boolean plugin = isPluginSetting(key, known)
                && (plugins.ids().contains(section) || PLUGIN_OWNED.contains(section));
        if (!known.containsKey(key) && !plugin) {
            throw new ConfigException("unknown setting '" + key + "' in " + where + hint(key, known.keySet())
                    + " (known settings: " + String.join(", ", known.keySet()) + "; a plugin's settings go under its "
                    + "id, e.g. notifier.channels.ops.type, once the plugin is in the plugins folder or "
                    + "plugins.enabled)");
        }
        List<String> declared = plugin ? plugins.declared().get(section) : null;
        String relative = declared == null ? key : key.substring(section.length() + 1);
        // Before the declared keys: a secret the plugin reads from a file or the environment is no unknown setting.
        if (plugin && looksSecret(key) && (declared == null
                || declared.stream().anyMatch(pattern -> matches(relative, pattern) || matches(relative + "File",
                pattern)))) {
            throw new ConfigException("'" + key + "' looks like a secret and may not be written in " + where
                    + "; set " + PluginsConfig.variable(key) + " or '" + key + "File' instead");
        }
        if (declared != null && declared.stream().noneMatch(pattern -> matches(relative, pattern))) {
            List<String> keys = declared.stream().map(pattern -> section + "." + pattern).toList();
            throw new ConfigException("unknown setting '" + key + "' in " + where
                    + hint(key, instances(relative, section, declared)) + " (plugin " + section + " reads "
                    + (keys.isEmpty() ? "no settings" : String.join(", ", keys)) + ")");
        }
        if (secrets.contains(key)) {
            throw new ConfigException("'" + key + "' is a secret and may not be written in " + where
                    + "; set " + known.get(key) + " or '" + key + "File' instead");
        }
    }

    /** A key of a plugin's section: its first segment is no host section, or a plugin-owned one. */
    static boolean isPluginSetting(String key, Map<String, String> known) {
        String section = section(key);
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

    /** Whether a key matches a declared one, where {@code *} stands for one segment of any name. */
    static boolean matches(String key, String pattern) {
        String[] keyParts = key.split("\\.", -1);
        String[] patternParts = pattern.split("\\.", -1);
        if (keyParts.length != patternParts.length) {
            return false;
        }
        for (int i = 0; i < keyParts.length; i++) {
            if (!patternParts[i].equals("*") && !patternParts[i].equals(keyParts[i])) {
                return false;
            }
        }
        return true;
    }

    private static String section(String key) {
        return key.contains(".") ? key.substring(0, key.indexOf('.')) : key;
    }

    /** The declared keys written out with the segments of {@code key} in place of {@code *}, for "did you mean". */
    private static List<String> instances(String key, String section, List<String> declared) {
        String[] keyParts = key.split("\\.", -1);
        List<String> out = new ArrayList<>();
        for (String pattern : declared) {
            String[] parts = pattern.split("\\.", -1);
            for (int i = 0; i < parts.length && i < keyParts.length; i++) {
                if (parts[i].equals("*")) {
                    parts[i] = keyParts[i];
                }
            }
            out.add(section + "." + String.join(".", parts));
        }
        return out;
    }

    private static String hint(String key, java.util.Collection<String> known) {
        String near = NearestName.of(key, known, NEAR);
        return near == null ? "" : "; did you mean '" + near + "'?";
    }
}
