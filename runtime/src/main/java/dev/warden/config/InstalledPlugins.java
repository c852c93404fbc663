package dev.warden.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The plugin ids a config file may have sections for: those enabled, and those of the jars and zips in the plugins
 * folder. A section for anything else is a typo, reported as an unknown setting. A plugin may declare the keys of its
 * section ({@code Plugin-Settings} in its manifest, {@code plugin.settings} in a zip's {@code plugin.properties}: keys
 * relative to the section, comma-separated, {@code *} for one segment of any name); then other keys are typos too.
 *
 * @param ids the plugin ids
 * @param declared the declared keys of the plugins that declare them; an empty set declares that it reads none
 */
record InstalledPlugins(Set<String> ids, Map<String, List<String>> declared) {

    static final String MANIFEST_ATTRIBUTE = "Plugin-Settings";

    static InstalledPlugins read(Path folder, String enabled) {
        Set<String> ids = new TreeSet<>();
        Map<String, List<String>> declared = new TreeMap<>();
        for (String id : enabled.split(",")) {
            if (!id.isBlank()) {
                ids.add(id.trim());
            }
        }
        if (!Files.isDirectory(folder)) {
            return new InstalledPlugins(ids, declared);
        }
        try (Stream<Path> files = Files.list(folder)) {
            files.forEach(file -> {
                Descriptor descriptor = descriptor(file);
                if (descriptor != null && descriptor.id() != null) {
                    ids.add(descriptor.id());
                    if (descriptor.settings() != null) {
                        declared.put(descriptor.id(), keys(descriptor.settings()));
                    }
                }
            });
        } catch (IOException e) {
            // An unreadable folder is reported by the plugin host; here it only means fewer known sections.
        }
        Path enabledTxt = folder.resolve("enabled.txt");
        if (Files.isRegularFile(enabledTxt)) {
            try {
                Files.readAllLines(enabledTxt).stream().map(l -> l.replaceAll("#.*", "").trim())
                        .filter(l -> !l.isEmpty()).forEach(ids::add);
            } catch (IOException e) {
                // As above.
            }
        }
        return new InstalledPlugins(ids, declared);
    }

    private static List<String> keys(String list) {
        return Arrays.stream(list.split(",")).map(String::trim).filter(k -> !k.isEmpty()).toList();
    }

    /** A plugin file's id and declared settings (null when it declares none). */
    private record Descriptor(String id, String settings) {
    }

    private static Descriptor descriptor(Path file) {
        String name = file.getFileName().toString();
        try {
            if (name.endsWith(".jar")) {
                try (JarFile jar = new JarFile(file.toFile())) {
                    if (jar.getManifest() == null) {
                        return null;
                    }
                    var attributes = jar.getManifest().getMainAttributes();
                    return new Descriptor(attributes.getValue("Plugin-Id"), attributes.getValue(MANIFEST_ATTRIBUTE));
                }
            }
            if (name.endsWith(".zip")) {
                try (ZipFile zip = new ZipFile(file.toFile())) {
                    ZipEntry entry = zip.getEntry("plugin.properties");
                    if (entry == null) {
                        return null;
                    }
                    Properties properties = new Properties();
                    try (InputStream in = zip.getInputStream(entry)) {
                        properties.load(in);
                    }
                    return new Descriptor(properties.getProperty("plugin.id"),
                            properties.getProperty("plugin.settings"));
                }
            }
        } catch (IOException e) {
            return null;
        }
        return null;
    }
}
