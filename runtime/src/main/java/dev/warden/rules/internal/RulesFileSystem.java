package dev.warden.rules.internal;

import java.io.IOException;
import java.net.URI;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessMode;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.util.Map;
import java.util.Set;

import org.graalvm.polyglot.io.FileSystem;

/**
 * The only file system rules see: read-only, rooted at the rules folder, plus the built-in {@code warden} module.
 *
 * <p>Every path is checked twice, once normalized and once with symlinks resolved, so {@code ../}, absolute paths
 * outside the folder and symlinks pointing out are all refused. Stateless and thread-safe.
 */
public final class RulesFileSystem implements FileSystem {

    /** Where the bare specifier {@code 'warden'} resolves to; it never exists on disk. */
    public static final String WARDEN_MODULE = "warden";

    private final Path root;
    private final Path realRoot;
    private final Path wardenModulePath;
    private final byte[] wardenModuleSource;

    public RulesFileSystem(Path root) {
        this.root = root.toAbsolutePath().normalize();
        try {
            this.realRoot = Files.exists(this.root) ? this.root.toRealPath() : this.root;
        } catch (IOException e) {
            throw new IllegalStateException("cannot resolve rules folder " + root + ": " + e.getMessage(), e);
        }
        this.wardenModulePath = this.root.resolve(".warden-builtin").resolve("warden.mjs");
        this.wardenModuleSource = WardenModule.source().getBytes(StandardCharsets.UTF_8);
    }

    public Path root() {
        return root;
    }

    @Override
    public Path parsePath(URI uri) {
        if (!"file".equalsIgnoreCase(uri.getScheme())) {
            // A URL or a runtime's built-in module ('https:', 'node:'): not a file at all, said as plainly.
            throw new SecurityException("rules may only import files inside the rules folder (and 'warden'); "
                    + "refused: " + uri + " (no URLs, no other runtime's modules)");
        }
        return Path.of(uri);
    }

    @Override
    public Path parsePath(String path) {
        if (WARDEN_MODULE.equals(path)) {
            return wardenModulePath;
        }
        return Path.of(path);
    }

    @Override
    public Path toAbsolutePath(Path path) {
        return path.isAbsolute() ? path : root.resolve(path);
    }

    @Override
    public Path toRealPath(Path path, LinkOption... linkOptions) throws IOException {
        Path checked = check(path);
        if (checked.equals(wardenModulePath)) {
            return checked;
        }
        Path real = checked.toRealPath(linkOptions);
        if (!real.startsWith(realRoot)) {
            throw outside(path);
        }
        return real;
    }

    @Override
    public void checkAccess(Path path, Set<? extends AccessMode> modes, LinkOption... linkOptions) throws IOException {
        if (modes.contains(AccessMode.WRITE) || modes.contains(AccessMode.EXECUTE)) {
            throw new SecurityException("rules have read-only access to the rules folder: " + path);
        }
        Path checked = check(path);
        if (checked.equals(wardenModulePath)) {
            return;
        }
        if (!Files.exists(realChecked(checked))) {
            throw new NoSuchFileException(path.toString());
        }
    }

    @Override
    public SeekableByteChannel newByteChannel(Path path, Set<? extends OpenOption> options, FileAttribute<?>... attrs)
            throws IOException {
        for (OpenOption option : options) {
            if (option != StandardOpenOption.READ) {
                throw new SecurityException("rules have read-only access to the rules folder: " + path);
            }
        }
        Path checked = check(path);
        if (checked.equals(wardenModulePath)) {
            return new ReadOnlyChannel(wardenModuleSource);
        }
        return Files.newByteChannel(realChecked(checked), StandardOpenOption.READ);
    }

    @Override
    public DirectoryStream<Path> newDirectoryStream(Path dir, DirectoryStream.Filter<? super Path> filter)
            throws IOException {
        return Files.newDirectoryStream(realChecked(check(dir)), filter);
    }

    @Override
    public Map<String, Object> readAttributes(Path path, String attributes, LinkOption... options) throws IOException {
        Path checked = check(path);
        if (checked.equals(wardenModulePath)) {
            return Files.readAttributes(root, attributes, options).entrySet().stream()
                    .filter(e -> !e.getKey().equals("isDirectory"))
                    .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue,
                            (a, b) -> a, () -> new java.util.HashMap<>(Map.of("isDirectory", false,
                                    "isRegularFile", true, "size", (long) wardenModuleSource.length))));
        }
        return Files.readAttributes(realChecked(checked), attributes, options);
    }

    @Override
    public void createDirectory(Path dir, FileAttribute<?>... attrs) {
        throw new SecurityException("rules have read-only access to the rules folder: " + dir);
    }

    @Override
    public void delete(Path path) {
        throw new SecurityException("rules have read-only access to the rules folder: " + path);
    }

    private Path check(Path path) throws IOException {
        Path normalized = toAbsolutePath(path).normalize();
        if (normalized.equals(wardenModulePath)) {
            return normalized;
        }
        if (!normalized.startsWith(root)) {
            throw outside(path);
        }
        return normalized;
    }

    private Path realChecked(Path normalized) throws IOException {
        if (!Files.exists(normalized, LinkOption.NOFOLLOW_LINKS)) {
            throw new NoSuchFileException(normalized.toString());
        }
        Path real = normalized.toRealPath();
        if (!real.startsWith(realRoot)) {
            throw outside(normalized);
        }
        return real;
    }

    private static SecurityException outside(Path path) {
        return new SecurityException("rules may only read files inside the rules folder; refused: " + path);
    }
}
