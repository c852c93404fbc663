package dev.warden.simulator.junit;

import dev.warden.simulator.ConfluenceSimulator;
import dev.warden.simulator.SimulatorOptions;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Starts one simulator per test class on a random loopback port, resets it before each test, and injects it as a
 * {@link ConfluenceSimulator} constructor or method parameter:
 *
 * <pre>{@code
 * @ExtendWith(SimulatorExtension.class)
 * class MyTest {
 *     @Test void works(ConfluenceSimulator sim) { ... sim.baseUrl() ... }
 * }
 * }</pre>
 *
 * Nested classes share their outer class's simulator. It is stopped when the class's tests are done.
 */
public final class SimulatorExtension implements BeforeAllCallback, BeforeEachCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SimulatorExtension.class);
    private static final String KEY = "simulator";

    @Override
    public void beforeAll(ExtensionContext context) {
        simulator(context);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        simulator(context).reset();
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == ConfluenceSimulator.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return simulator(context);
    }

    /** The class-level store closes the simulator (it is AutoCloseable) when the class is done. */
    private static ConfluenceSimulator simulator(ExtensionContext context) {
        ExtensionContext.Store store = context.getStore(NAMESPACE);
        ConfluenceSimulator existing = store.get(KEY, ConfluenceSimulator.class);
        if (existing != null) {
            return existing;
        }
        ExtensionContext classContext = classContext(context);
        return classContext.getStore(NAMESPACE).getOrComputeIfAbsent(KEY,
                key -> ConfluenceSimulator.start(SimulatorOptions.defaults()), ConfluenceSimulator.class);
    }

    private static ExtensionContext classContext(ExtensionContext context) {
        ExtensionContext current = context;
        while (current.getTestMethod().isPresent() && current.getParent().isPresent()) {
            current = current.getParent().get();
        }
        return current;
    }
}
