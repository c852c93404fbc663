package dev.warden.plugins.internal;

import java.lang.reflect.Constructor;
import java.util.function.Function;

import org.pf4j.DefaultPluginFactory;
import org.pf4j.Plugin;
import org.pf4j.PluginRuntimeException;
import org.pf4j.PluginWrapper;

import dev.warden.plugin.PluginContext;

/** Constructs a plugin class with its {@link PluginContext} when it takes one, as PF4J's demo does. */
final class ContextPluginFactory extends DefaultPluginFactory {

    private final Function<String, PluginContext> contexts;

    ContextPluginFactory(Function<String, PluginContext> contexts) {
        this.contexts = contexts;
    }

    @Override
    protected Plugin createInstance(Class<?> pluginClass, PluginWrapper pluginWrapper) {
        try {
            Constructor<?> constructor = pluginClass.getConstructor(PluginContext.class);
            return (Plugin) constructor.newInstance(contexts.apply(pluginWrapper.getPluginId()));
        } catch (NoSuchMethodException e) {
            return super.createInstance(pluginClass, pluginWrapper);
        } catch (ReflectiveOperationException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new PluginRuntimeException(cause, "plugin class {} could not be constructed: {}",
                    pluginClass.getName(), cause.toString());
        }
    }
}
