package dev.warden.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * The plugin jars the build produced (copied by the runtime's pom to target/plugin-artifacts), installed into a test's
 * own plugins folder, and broken plugins built for real with the JDK's compiler.
 */
public final class PluginArtifacts {

    public static final Path BUILT = Path.of("target", "plugin-artifacts").toAbsolutePath();
    public static final List<String> SHIPPED = List.of("admin-key", "compliance", "notifier");

    private PluginArtifacts() {
    }

    /** Copies {@code warden-<id>-plugin.jar} of each id into {@code folder}. */
    public static Path install(Path folder, String... ids) {
        try {
            Files.createDirectories(folder);
            for (String id : ids) {
                Path jar = BUILT.resolve("warden-" + id + "-plugin.jar");
                if (!Files.isRegularFile(jar)) {
                    throw new IllegalStateException(jar + " is missing: run the build through `mvn verify` (the "
                            + "runtime's pom copies the plugin jars there)");
                }
                Files.copy(jar, folder.resolve(jar.getFileName()));
            }
            return folder;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A real plugin jar whose {@code start()} throws {@code IllegalStateException(message)}. */
    public static Path throwingOnStart(Path folder, String id, String message) {
        String source = """
                package broken;
                public class BrokenPlugin extends org.pf4j.Plugin {
                    @Override
                    public void start() {
                        throw new IllegalStateException("%s");
                    }
                }
                """.formatted(message);
        return compiledPlugin(folder, id, "broken.BrokenPlugin", "broken/BrokenPlugin.java", source);
    }

    /** A jar with no plugin manifest entries: not a plugin at all. */
    public static Path notAPlugin(Path folder, String fileName) {
        try {
            Files.createDirectories(folder);
            Path jar = folder.resolve(fileName);
            Manifest manifest = new Manifest();
            manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
            try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
                out.putNextEntry(new JarEntry("readme.txt"));
                out.write("not a plugin".getBytes());
            }
            return jar;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path compiledPlugin(Path folder, String id, String pluginClass, String file, String source) {
        Path work = null;
        try {
            work = Files.createTempDirectory("plugin-src");
            Path sourceFile = work.resolve(file);
            Files.createDirectories(sourceFile.getParent());
            Files.writeString(sourceFile, source);
            JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
            int status = compiler.run(null, null, null, "-proc:none", "-cp", System.getProperty("java.class.path"),
                    "-d", work.resolve("classes").toString(), sourceFile.toString());
            if (status != 0) {
                throw new IllegalStateException("the test plugin did not compile");
            }
            Manifest manifest = new Manifest();
            Attributes main = manifest.getMainAttributes();
            main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
            main.putValue("Plugin-Id", id);
            main.putValue("Plugin-Class", pluginClass);
            main.putValue("Plugin-Version", "1.0.0");
            Files.createDirectories(folder);
            Path jar = folder.resolve(id + ".jar");
            Path classFile = work.resolve("classes").resolve(file.replace(".java", ".class"));
            try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
                out.putNextEntry(new JarEntry(file.replace(".java", ".class")));
                out.write(Files.readAllBytes(classFile));
            }
            return jar;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            // The compiler's sources and classes are only needed until the jar is written.
            Folders.deleteTree(work);
        }
    }
}
