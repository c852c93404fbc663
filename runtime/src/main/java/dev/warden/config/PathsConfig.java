package dev.warden.config;

import java.nio.file.Path;

/** Where Warden keeps its data, reads rules and loads plugins from. */
public record PathsConfig(Path data, Path rules, Path plugins) {
}
