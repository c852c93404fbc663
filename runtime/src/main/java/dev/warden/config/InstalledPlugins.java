package dev.warden.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The plugin ids a config file may have sections for: those enabled, and those of the jars and zips in the plugins
 * folder. A section for anything else is a typo, reported as an unknown setting.
 */
final class InstalledPlugins {

    private InstalledPlugins() {
    }

    static Set<String> ids(Path folder, String enabled) {
        Set<String> ids = new TreeSet<>();
        for (String id : enabled.split(",")) {
            if (!id.isBlank()) {
                ids.add(id.trim());
            }
        }
        if (!Files.isDirectory(folder)) {
            return ids;
        }
        try (Stream<Path> files = Files.list(folder)) {
            files.forEach(file -> {
                String id = id(file);
                if (id != null) {
                    ids.add(id);
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
        return ids;
    }

    private static String id(Path file) {
        String name = file.getFileName().toString();
        try {
            if (name.endsWith(".jar")) {
                try (JarFile jar = new JarFile(file.toFile())) {
                    return jar.getManifest() == null ? null : jar.getManifest().getMainAttributes()
                            .getValue("Plugin-Id");
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
                    return properties.getProperty("plugin.id");
                }
            }
        } catch (IOException e) {
            return null;
        }
        return null;
    }
}
