package dev.warden.plugins;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.warden.plugin.RuleApiProvider;

/** Small helpers of {@link PluginHost}: one-line failure reasons, extension point names, namespace clashes. */
final class PluginFailures {

    private static final Logger LOG = LoggerFactory.getLogger(PluginHost.class);
    private static final Set<String> REPORTED_CLASHES = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private PluginFailures() {
    }

    /** The innermost cause with a message, as {@code Type: message}. */
    static String describe(Throwable e) {
        Throwable chosen = e;
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                chosen = t;
            }
        }
        return chosen.getClass().getSimpleName() + (chosen.getMessage() == null ? "" : ": " + chosen.getMessage());
    }

    /** The Warden extension points the classes implement, by simple name. */
    static List<String> extensionPoints(List<Class<?>> classes) {
        Set<String> names = new LinkedHashSet<>();
        for (Class<?> type : classes) {
            for (Class<?> i : type.getInterfaces()) {
                if (i.getPackageName().equals("dev.warden.plugin")) {
                    names.add(i.getSimpleName());
                }
            }
        }
        return List.copyOf(names);
    }

    static List<RuleApiProvider> withoutClashes(List<RuleApiProvider> builtIns,
                                                Map<String, List<RuleApiProvider>> byPlugin) {
        List<RuleApiProvider> all = new ArrayList<>(builtIns);
        Set<String> taken = new HashSet<>();
        builtIns.forEach(p -> taken.add(p.namespace()));
        byPlugin.forEach((plugin, providers) -> providers.forEach(p -> {
            if (taken.add(p.namespace())) {
                all.add(p);
            } else if (REPORTED_CLASHES.add(plugin + "/" + p.namespace())) {
                LOG.error("plugin {} offers the rule namespace '{}', which is already taken; it is left out",
                        plugin, p.namespace());
            }
        }));
        return all;
    }
}
