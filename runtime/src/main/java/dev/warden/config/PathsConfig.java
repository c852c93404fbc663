package dev.warden.config;

import java.nio.file.Path;

/**
 * Where Warden keeps its data, reads rules and loads plugins from.
 *
 * @param journal where the run journal lives: the data folder unless set (README, "The run journal's folder")
 */
public record PathsConfig(Path data, Path rules, Path plugins, Path journal) {

    /** The run journal in the data folder. */
    public PathsConfig(Path data, Path rules, Path plugins) {
        this(data, rules, plugins, data);
    }
}
