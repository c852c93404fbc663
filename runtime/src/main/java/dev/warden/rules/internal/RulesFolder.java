package dev.warden.rules.internal;

import java.io.File;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/** How messages name a module: from the rules folder, with '/', as problems name rule files. */
final class RulesFolder {

    private RulesFolder() {
    }

    /** {@code module} (a path on disk) from {@code root} when it lies inside it; else as given. */
    static String shown(Path root, String module) {
        try {
            Path path = Path.of(module);
            return path.isAbsolute() && path.normalize().startsWith(root)
                    ? root.relativize(path.normalize()).toString().replace(File.separatorChar, '/') : module;
        } catch (InvalidPathException e) {
            return module;
        }
    }
}
