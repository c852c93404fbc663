package dev.warden.example;

import java.util.List;
import java.util.Map;

import org.pf4j.Extension;

import dev.warden.plugin.PluginContext;
import dev.warden.plugin.RuleApiProvider;
import dev.warden.plugin.RuleCallException;
import dev.warden.plugin.RuleFunction;

/** Rules call {@code plugins.example.greet('Ada')} and get {@code "Hello, Ada!"} (the greeting is configurable). */
@Extension
public class GreetingApi implements RuleApiProvider {

    private final PluginContext context;

    public GreetingApi(PluginContext context) {
        this.context = context;
    }

    @Override
    public String namespace() {
        return "example";
    }

    @Override
    public Map<String, RuleFunction> functions() {
        return Map.of("greet", (call, arguments) -> greet(arguments));
    }

    private String greet(List<Object> arguments) {
        if (arguments.isEmpty() || !(arguments.getFirst() instanceof String name) || name.isBlank()) {
            throw new RuleCallException(400, "BAD_ARGUMENT", "example.greet(name) needs a name");
        }
        return ExamplePlugin.greeting(context) + ", " + name + "!";
    }
}
