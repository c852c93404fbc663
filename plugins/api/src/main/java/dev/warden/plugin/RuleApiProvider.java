package dev.warden.plugin;

import java.util.Map;

import org.pf4j.ExtensionPoint;

/**
 * Contributes a namespace of functions that rules can call, without touching the engine.
 *
 * <p>Functions receive and return JSON-like values only ({@code Map}, {@code List}, {@code String}, {@code Number},
 * {@code Boolean}, {@code null}), so a plugin never sees GraalVM types and a rule never sees Java objects. The host
 * calls {@link #functions()} once per rule context; implementations must be thread-safe because runs of different
 * rules call them concurrently. A plugin contributes one by annotating an implementation with
 * {@code @org.pf4j.Extension}.
 */
public interface RuleApiProvider extends ExtensionPoint {

    /** The namespace's name: rules see it as {@code plugins.<name>}, or as {@code <name>} when {@link #topLevel()}. */
    String namespace();

    /** Whether rules see the namespace at the top of their context (like {@code confluence}) instead of under {@code plugins}. */
    default boolean topLevel() {
        return false;
    }

    /** The functions by name. */
    Map<String, RuleFunction> functions();
}
