package dev.warden;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/** ARCHITECTURE.md stays true: the classes and methods it names exist, and it names every package of the runtime. */
class ArchitectureDocTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path PACKAGES = ROOT.resolve("runtime/src/main/java/dev/warden");
    /** `runs/RunService.java`, `internal/Holders`, `RunWriter.writeLater`, `RuleApis.version()`, `RunWrite.Finish`. */
    private static final Pattern NAME = Pattern.compile(
            "`((?:[a-z]+/)*)([A-Z][a-z][A-Za-z0-9]*)(?:\\.java)?(?:\\.([A-Za-z]+)(?:\\([^)]*\\))?)?`");
    /** Names that are not Warden's classes: GraalVM's Source, and the role pattern XxxRoutes. */
    private static final List<String> NOT_OURS = List.of("Source", "XxxRoutes");

    private static String architecture() throws IOException {
        return Files.readString(ROOT.resolve("ARCHITECTURE.md"));
    }

    private static Optional<Path> source(String folders, String type) {
        try (Stream<Path> files = Files.walk(ROOT)) {
            return files.filter(f -> f.toString().endsWith("/" + folders + type + ".java"))
                    .filter(f -> f.toString().contains("/src/") && !f.toString().contains("/target/")).findFirst();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void everyClassAndMethodArchitectureNamesExists() throws Exception {
        List<String> missing = new ArrayList<>();
        for (Matcher m = NAME.matcher(architecture()); m.find(); ) {
            if (NOT_OURS.contains(m.group(2))) {
                continue;
            }
            Optional<Path> file = source(m.group(1), m.group(2));
            if (file.isEmpty()) {
                missing.add(m.group());
            } else if (m.group(3) != null && !Pattern.compile("\\b" + m.group(3) + "\\s*\\(|(class|record|interface|enum) "
                    + m.group(3) + "\\b").matcher(Files.readString(file.get())).find()) {
                missing.add(m.group() + " (no " + m.group(3) + " in " + ROOT.relativize(file.get()) + ")");
            }
        }
        assertThat(missing).as("names in ARCHITECTURE.md with no such class or method").isEmpty();
    }

    @Test
    void architectureListsEveryPackageOfTheRuntime() throws Exception {
        String text = architecture();
        String packages = text.substring(text.indexOf("Packages of `runtime`"), text.indexOf("## The path of a run"));
        List<String> unlisted = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(PACKAGES)) {
            dirs.filter(Files::isDirectory).map(d -> d.getFileName().toString())
                    .filter(name -> !packages.contains("`" + name + "`")).forEach(unlisted::add);
        }
        assertThat(unlisted).as("packages of dev.warden that ARCHITECTURE.md's package list leaves out").isEmpty();
    }
}
