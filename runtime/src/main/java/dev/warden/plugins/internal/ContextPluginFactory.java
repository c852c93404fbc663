package dev.warden.plugins.internal;

import java.lang.reflect.Constructor;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.function.Function;

import org.pf4j.DefaultPluginFactory;
import org.pf4j.Plugin;
import org.pf4j.PluginRuntimeException;
import org.pf4j.PluginWrapper;

import dev.warden.plugin.PluginContext;

/**
 * Constructs a plugin class with its {@link PluginContext} when it takes one, as PF4J's demo does. A plugin class
 * that cannot be made fails the plugin with the reason and what to do; PF4J's own factory logs a stack trace and
 * leaves a {@code NullPointerException} as the plugin's error.
 */
final class ContextPluginFactory extends DefaultPluginFactory {

    private static final String BUILDING = "see plugins/README.md, \"Building it\"";

    private final Function<String, PluginContext> contexts;

    ContextPluginFactory(Function<String, PluginContext> contexts) {
        this.contexts = contexts;
    }

    @Override
    public Plugin create(PluginWrapper plugin) {
        String name = plugin.getDescriptor().getPluginClass();
        if (name == null || name.isBlank()) {
            return super.create(plugin);
        }
        Class<?> type;
        try {
            type = plugin.getPluginClassLoader().loadClass(name);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new PluginRuntimeException("its Plugin-Class " + name + " is not in " + file(plugin) + " ("
                    + e + "); check the manifest entry Plugin-Class against the class's full name");
        }
        if (!Plugin.class.isAssignableFrom(type)) {
            boolean ownCopy = Arrays.stream(superclasses(type)).anyMatch(c -> c.getName().equals(Plugin.class
                    .getName()));
            throw new PluginRuntimeException("its Plugin-Class " + name + (ownCopy
                    ? " extends a copy of PF4J's Plugin bundled in " + file(plugin) + ", not Warden's: declare pf4j "
                    + "and warden-plugin-api as provided (" + BUILDING + ")"
                    : " does not extend dev.warden.plugin.WardenPlugin (or org.pf4j.Plugin)"));
        }
        if (Modifier.isAbstract(type.getModifiers())) {
            throw new PluginRuntimeException("its Plugin-Class " + name + " is abstract");
        }
        return createInstance(type, plugin);
    }

    @Override
    protected Plugin createInstance(Class<?> pluginClass, PluginWrapper pluginWrapper) {
        Constructor<?> constructor;
        Object[] arguments;
        try {
            constructor = pluginClass.getConstructor(PluginContext.class);
            arguments = new Object[] {contexts.apply(pluginWrapper.getPluginId())};
        } catch (NoSuchMethodException e) {
            try {
                constructor = pluginClass.getConstructor();
                arguments = new Object[0];
            } catch (NoSuchMethodException none) {
                try {
                    // PF4J's deprecated constructor, which plugins written for plain PF4J may still have.
                    constructor = pluginClass.getConstructor(PluginWrapper.class);
                    arguments = new Object[] {pluginWrapper};
                } catch (NoSuchMethodException neither) {
                    throw new PluginRuntimeException(noConstructor(pluginClass, pluginWrapper));
                }
            }
        }
        try {
            return (Plugin) constructor.newInstance(arguments);
        } catch (ReflectiveOperationException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new PluginRuntimeException(cause, "plugin class {} could not be constructed: {}",
                    pluginClass.getName(), cause.toString());
        }
    }

    /** Why no constructor fits: most often the jar bundles its own copy of the API, whose PluginContext is not ours. */
    private static String noConstructor(Class<?> type, PluginWrapper plugin) {
        boolean ownCopy = Arrays.stream(type.getConstructors()).flatMap(c -> Arrays.stream(c.getParameterTypes()))
                .anyMatch(p -> p.getName().equals(PluginContext.class.getName()));
        return "its Plugin-Class " + type.getName() + (ownCopy
                ? " takes a PluginContext from a copy of warden-plugin-api bundled in " + file(plugin) + ", not "
                + "Warden's: declare warden-plugin-api, pf4j and slf4j-api as provided (" + BUILDING + ")"
                : " has no public constructor taking a dev.warden.plugin.PluginContext, or none");
    }

    private static Class<?>[] superclasses(Class<?> type) {
        java.util.List<Class<?>> all = new java.util.ArrayList<>();
        for (Class<?> c = type.getSuperclass(); c != null; c = c.getSuperclass()) {
            all.add(c);
        }
        return all.toArray(Class<?>[]::new);
    }

    private static String file(PluginWrapper plugin) {
        return String.valueOf(plugin.getPluginPath().getFileName());
    }
}
