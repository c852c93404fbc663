package dev.warden.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

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

    /** A real plugin jar whose {@code start()} runs {@code body} (Java statements). */
    public static Path startingWith(Path folder, String id, String body) {
        String source = """
                package custom;
                public class CustomPlugin extends org.pf4j.Plugin {
                    @Override
                    public void start() {
                        %s
                    }
                }
                """.formatted(body);
        return compiledPlugin(folder, id, "custom.CustomPlugin", Map.of("custom/CustomPlugin.java", source), List.of());
    }

    /**
     * A real plugin jar with one {@link dev.warden.plugin.RuleApiProvider} extension, {@code ext.Api}, offering
     * {@code namespace} (top-level or not) with one function {@code who} answering {@code id}; its constructor runs
     * {@code constructorBody} (Java statements).
     */
    public static Path ruleApi(Path folder, String id, String namespace, boolean topLevel, String constructorBody) {
        String api = """
                package ext;
                import java.util.Map;
                import dev.warden.plugin.RuleApiProvider;
                import dev.warden.plugin.RuleFunction;
                public class Api implements RuleApiProvider {
                    public Api() {
                        %s
                    }
                    public String namespace() { return "%s"; }
                    public boolean topLevel() { return %s; }
                    public Map<String, RuleFunction> functions() {
                        return Map.of("who", (context, args) -> "%s");
                    }
                }
                """.formatted(constructorBody, namespace, topLevel, id);
        String plugin = "package ext;\npublic class ApiPlugin extends org.pf4j.Plugin {}\n";
        return compiledPlugin(folder, id, "ext.ApiPlugin",
                Map.of("ext/Api.java", api, "ext/ApiPlugin.java", plugin), List.of("ext.Api"));
    }

    /**
     * A real plugin jar whose {@link dev.warden.plugin.RuleApiProvider} offers the non-top-level {@code namespace}
     * with one function {@code go}, whose body is {@code functionBody} (Java statements ending in a return; helper
     * methods may go in {@code members}).
     */
    public static Path ruleFunction(Path folder, String id, String namespace, String members, String functionBody) {
        String api = """
                package fn;
                import java.util.Map;
                import dev.warden.plugin.RuleApiProvider;
                import dev.warden.plugin.RuleFunction;
                public class Api implements RuleApiProvider {
                    public String namespace() { return "%s"; }
                    public Map<String, RuleFunction> functions() {
                        return Map.of("go", (context, args) -> { %s });
                    }
                    %s
                }
                """.formatted(namespace, functionBody, members);
        String plugin = "package fn;\npublic class FnPlugin extends org.pf4j.Plugin {}\n";
        return compiledPlugin(folder, id, "fn.FnPlugin",
                Map.of("fn/Api.java", api, "fn/FnPlugin.java", plugin), List.of("fn.Api"));
    }

    /**
     * A real plugin jar as an author might get it wrong: a {@code WardenPlugin} ({@code ext.ContextPlugin}) and one
     * {@link dev.warden.plugin.RuleApiProvider} ({@code ext.Api}, namespace {@code namespace}), written to
     * {@code fileName} with exactly the manifest entries {@code manifest}, the extension index only when
     * {@code indexed}, and a copy of the plugin API's classes when {@code bundleApi}.
     */
    public static Path authored(Path folder, String fileName, Map<String, String> manifest, String namespace,
                                boolean indexed, boolean bundleApi) {
        String api = """
                package ext;
                import java.util.Map;
                import dev.warden.plugin.RuleApiProvider;
                import dev.warden.plugin.RuleFunction;
                public class Api implements RuleApiProvider {
                    public String namespace() { return "%s"; }
                    public Map<String, RuleFunction> functions() { return Map.of("who", (c, a) -> "%s"); }
                }
                """.formatted(namespace, fileName);
        String plugin = """
                package ext;
                public class ContextPlugin extends dev.warden.plugin.WardenPlugin {
                    public ContextPlugin(dev.warden.plugin.PluginContext context) { super(context); }
                }
                """;
        Path apiClasses = null;
        if (bundleApi) {
            try {
                apiClasses = Path.of(dev.warden.plugin.PluginContext.class.getProtectionDomain().getCodeSource()
                        .getLocation().toURI());
            } catch (java.net.URISyntaxException e) {
                throw new IllegalStateException(e);
            }
        }
        return compiledPlugin(folder, fileName, manifest, Map.of("ext/Api.java", api, "ext/ContextPlugin.java",
                plugin), indexed ? List.of("ext.Api") : List.of(), apiClasses);
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

    /** The {@code dev/warden/plugin} classes of a jar or a classes folder, copied into {@code classes}. */
    private static void copyClasses(Path from, Path classes) throws IOException {
        if (Files.isDirectory(from)) {
            try (Stream<Path> walk = Files.walk(from.resolve("dev/warden/plugin"))) {
                for (Path file : walk.filter(Files::isRegularFile).toList()) {
                    Path target = classes.resolve(from.relativize(file).toString());
                    Files.createDirectories(target.getParent());
                    Files.copy(file, target);
                }
            }
            return;
        }
        try (java.util.jar.JarFile jar = new java.util.jar.JarFile(from.toFile())) {
            for (JarEntry entry : java.util.Collections.list(jar.entries())) {
                if (entry.getName().startsWith("dev/warden/plugin/") && !entry.isDirectory()) {
                    Path target = classes.resolve(entry.getName());
                    Files.createDirectories(target.getParent());
                    try (var in = jar.getInputStream(entry)) {
                        Files.copy(in, target);
                    }
                }
            }
        }
    }

    private static Path compiledPlugin(Path folder, String id, String pluginClass, String file, String source) {
        return compiledPlugin(folder, id, pluginClass, Map.of(file, source), List.of());
    }

    /** Compiles the sources (path → text) into a plugin jar, with PF4J's extension index listing {@code extensions}. */
    private static Path compiledPlugin(Path folder, String id, String pluginClass, Map<String, String> sources,
                                       List<String> extensions) {
        return compiledPlugin(folder, id + ".jar", Map.of("Plugin-Id", id, "Plugin-Class", pluginClass,
                "Plugin-Version", "1.0.0"), sources, extensions, null);
    }

    /** As above, with these manifest entries, and the classes of {@code bundled} (a jar or folder) when not null. */
    private static Path compiledPlugin(Path folder, String fileName, Map<String, String> entries,
                                       Map<String, String> sources, List<String> extensions, Path bundled) {
        Path work = null;
        try {
            work = Files.createTempDirectory("plugin-src");
            List<String> args = new java.util.ArrayList<>(List.of("-proc:none", "-cp",
                    System.getProperty("java.class.path"), "-d", work.resolve("classes").toString()));
            for (Map.Entry<String, String> source : sources.entrySet()) {
                Path sourceFile = work.resolve(source.getKey());
                Files.createDirectories(sourceFile.getParent());
                Files.writeString(sourceFile, source.getValue());
                args.add(sourceFile.toString());
            }
            JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
            if (compiler.run(null, null, null, args.toArray(String[]::new)) != 0) {
                throw new IllegalStateException("the test plugin did not compile");
            }
            Manifest manifest = new Manifest();
            Attributes main = manifest.getMainAttributes();
            main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
            entries.forEach(main::putValue);
            Files.createDirectories(folder);
            Path jar = folder.resolve(fileName);
            Path classes = work.resolve("classes");
            if (bundled != null) {
                copyClasses(bundled, classes);
            }
            try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest);
                 Stream<Path> walk = Files.walk(classes)) {
                for (Path classFile : walk.filter(Files::isRegularFile).toList()) {
                    out.putNextEntry(new JarEntry(classes.relativize(classFile).toString().replace('\\', '/')));
                    out.write(Files.readAllBytes(classFile));
                }
                if (!extensions.isEmpty()) {
                    out.putNextEntry(new JarEntry("META-INF/extensions.idx"));
                    out.write((String.join("\n", extensions) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
                }
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
