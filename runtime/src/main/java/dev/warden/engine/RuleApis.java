package dev.warden.engine;

import java.util.List;

import dev.warden.plugin.RuleApiProvider;

/**
 * The namespaces rules can call, which change when plugins start or stop. A rule context is built with the
 * providers of one {@link #version()} and rebuilt before its next run once the version moves on. Thread-safe.
 */
public interface RuleApis {

    /** The providers now, in the order they were registered. */
    List<RuleApiProvider> current();

    /** A number that changes whenever {@link #current()} does. */
    long version();

    /**
     * Enabled plugins that are not started now, each as {@code id (STATE)}: their namespaces, if they offer any, are
     * missing from rules, which a run that fails on an undefined value is told.
     */
    default List<String> notStarted() {
        return List.of();
    }

    /** A fixed set of providers. */
    static RuleApis of(List<RuleApiProvider> providers) {
        List<RuleApiProvider> fixed = List.copyOf(providers);
        return new RuleApis() {
            @Override
            public List<RuleApiProvider> current() {
                return fixed;
            }

            @Override
            public long version() {
                return 0;
            }
        };
    }
}
