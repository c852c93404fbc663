package dev.warden.plugins;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.pf4j.InvalidPluginDescriptorException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.warden.plugin.RuleApiProvider;

/** Small helpers of {@link PluginHost}: one-line failure reasons, extension point names, namespace clashes. */
final class PluginFailures {

    private static final Logger LOG = LoggerFactory.getLogger(PluginHost.class);
    private static final Set<String> REPORTED_CLASHES = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private PluginFailures() {
    }

    /** Why a plugin file could not be loaded; a missing descriptor field is named as its manifest entry. */
    static String describeLoad(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof InvalidPluginDescriptorException invalid) {
                return invalid.getMessage() + ": a plugin's manifest needs Plugin-Id, Plugin-Class and "
                        + "Plugin-Version (plugins/README.md, \"Building it\")";
            }
        }
        return describe(e);
    }

    /** The innermost cause with a message, as {@code Type: message} ({@code message} for PF4J's own exception). */
    static String describe(Throwable e) {
        Throwable chosen = e;
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                chosen = t;
            }
        }
        if (chosen instanceof org.pf4j.PluginRuntimeException && chosen.getMessage() != null) {
            // PF4J's and Warden's own sentences about a plugin: the type adds nothing to them.
            return chosen.getMessage();
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

    /** Warden's extension points, as the host's class loader has them. */
    private static final List<Class<?>> EXTENSION_POINTS = List.of(dev.warden.plugin.RuleApiProvider.class,
            dev.warden.plugin.AdminKeyProvider.class, dev.warden.plugin.ComplianceClient.class,
            dev.warden.plugin.Notifier.class);

    /**
     * Why a started plugin offers Warden nothing, or null when it offers something: its jar has no extension index
     * (PF4J's annotation processor did not run), or what the index lists implements none of Warden's extension
     * points (a copy of the API bundled in the jar makes its interfaces another class loader's).
     */
    static String offersNothing(Set<String> indexed, List<Class<?>> classes, String file) {
        if (indexed.isEmpty()) {
            return "started, but offers no extensions: " + file + " has no META-INF/extensions.idx, which PF4J's "
                    + "annotation processor writes for @Extension classes (name it in annotationProcessorPaths; see "
                    + "plugins/README.md, \"Building it\")";
        }
        boolean any = classes.stream().anyMatch(c -> EXTENSION_POINTS.stream().anyMatch(p -> p.isAssignableFrom(c)));
        if (any) {
            return null;
        }
        return "started, but its extensions (" + String.join(", ", new java.util.TreeSet<>(indexed)) + ") implement "
                + "none of Warden's extension points as Warden loads them: if " + file + " bundles a copy of "
                + "warden-plugin-api or pf4j, declare them provided (plugins/README.md, \"Building it\")";
    }

    /** The fields of a rule's {@code ctx} besides namespaces: a top-level namespace may not take these names. */
    static final Set<String> CONTEXT_FIELDS = Set.of("event", "run", "log", "plugins");

    /**
     * The providers rules get: the built-in ones, then the plugins' in the map's order, each unless its namespace is
     * taken already (or, for a top-level one, is a field of {@code ctx}).
     */
    static List<RuleApiProvider> withoutClashes(List<RuleApiProvider> builtIns,
                                                Map<String, List<RuleApiProvider>> byPlugin) {
        List<RuleApiProvider> all = new ArrayList<>(builtIns);
        Map<String, String> clashes = new LinkedHashMap<>();
        placed(builtIns, byPlugin, all, clashes);
        clashes.forEach((key, why) -> {
            if (REPORTED_CLASHES.add(key)) {
                LOG.error("plugin {}", why);
            }
        });
        return all;
    }

    /** Why some of {@code plugin}'s namespaces are left out, or null when none is. */
    static String clashesOf(String plugin, List<RuleApiProvider> builtIns,
                            Map<String, List<RuleApiProvider>> byPlugin) {
        Map<String, String> clashes = new LinkedHashMap<>();
        placed(builtIns, byPlugin, new ArrayList<>(), clashes);
        List<String> mine = clashes.entrySet().stream().filter(e -> e.getKey().startsWith(plugin + "/"))
                .map(e -> e.getValue().substring(plugin.length() + 1)).toList();
        return mine.isEmpty() ? null : String.join("; ", mine);
    }

    private static void placed(List<RuleApiProvider> builtIns, Map<String, List<RuleApiProvider>> byPlugin,
                               List<RuleApiProvider> out, Map<String, String> clashes) {
        Map<String, String> owner = new HashMap<>();
        builtIns.forEach(p -> owner.put(p.namespace(), "taken by Warden's built-in API"));
        byPlugin.forEach((plugin, providers) -> providers.forEach(p -> {
            String taken = p.topLevel() && CONTEXT_FIELDS.contains(p.namespace()) ? "a field of every rule's ctx"
                    : owner.putIfAbsent(p.namespace(), "taken by plugin " + plugin);
            if (taken == null) {
                out.add(p);
            } else {
                clashes.put(plugin + "/" + p.namespace(), plugin + " offers the rule namespace '" + p.namespace()
                        + "', which is " + taken + "; it is left out");
            }
        }));
    }
}
