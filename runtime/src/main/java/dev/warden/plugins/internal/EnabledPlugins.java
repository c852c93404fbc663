package dev.warden.plugins.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.pf4j.PluginStatusProvider;

/**
 * A plugin runs only when enabled explicitly: listed in {@code plugins.enabled} or in {@code enabled.txt} in the
 * plugins folder (one id a line, {@code #} starts a comment). Read once at start-up; never written.
 */
final class EnabledPlugins implements PluginStatusProvider {

    private final Set<String> enabled = new LinkedHashSet<>();

    EnabledPlugins(List<String> configured, Path folder) {
        enabled.addAll(configured);
        Path file = folder.resolve("enabled.txt");
        if (Files.isRegularFile(file)) {
            try {
                for (String line : Files.readAllLines(file)) {
                    String id = line.replaceAll("#.*", "").trim();
                    if (!id.isEmpty()) {
                        enabled.add(id);
                    }
                }
            } catch (IOException e) {
                throw new IllegalStateException(file + " cannot be read: " + e.getMessage(), e);
            }
        }
    }

    boolean isEnabled(String pluginId) {
        return enabled.contains(pluginId);
    }

    /** Every enabled id, in the order configured then listed. */
    Set<String> ids() {
        return java.util.Collections.unmodifiableSet(enabled);
    }

    @Override
    public boolean isPluginDisabled(String pluginId) {
        return !isEnabled(pluginId);
    }

    @Override
    public void disablePlugin(String pluginId) {
        // Enabling is the operator's decision in configuration, so PF4J's requests change nothing here.
    }

    @Override
    public void enablePlugin(String pluginId) {
        // See disablePlugin.
    }
}
