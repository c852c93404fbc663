package dev.warden.plugins.internal;

import java.lang.reflect.Constructor;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import org.pf4j.ExtensionFactory;
import org.pf4j.PluginRuntimeException;

import dev.warden.plugin.PluginContext;

/**
 * One instance per extension class, built with its plugin's {@link PluginContext} when the class takes one.
 * Instances are forgotten when their plugin stops, so a restarted plugin starts afresh. Thread-safe.
 */
final class ContextExtensionFactory implements ExtensionFactory {

    private final Function<Class<?>, String> pluginOf;
    private final Function<String, PluginContext> contexts;
    private final Map<Class<?>, Object> instances = new ConcurrentHashMap<>();

    ContextExtensionFactory(Function<Class<?>, String> pluginOf, Function<String, PluginContext> contexts) {
        this.pluginOf = pluginOf;
        this.contexts = contexts;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T create(Class<T> extensionClass) {
        return (T) instances.computeIfAbsent(extensionClass, this::construct);
    }

    void forget(ClassLoader pluginClassLoader) {
        instances.keySet().removeIf(c -> c.getClassLoader() == pluginClassLoader);
    }

    private Object construct(Class<?> type) {
        try {
            String pluginId = pluginOf.apply(type);
            if (pluginId != null) {
                try {
                    Constructor<?> withContext = type.getConstructor(PluginContext.class);
                    return withContext.newInstance(contexts.apply(pluginId));
                } catch (NoSuchMethodException e) {
                    // Falls through to the no-argument constructor.
                }
            }
            return type.getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new PluginRuntimeException(cause, "extension {} could not be constructed: {}", type.getName(),
                    cause.toString());
        }
    }
}
