package dev.warden.plugin;

import java.util.List;

/** One function a {@link RuleApiProvider} offers to rules. */
@FunctionalInterface
public interface RuleFunction {

    /**
     * Runs the function on the calling rule run's thread.
     *
     * @param call who is calling: the run and rule ids
     * @param arguments the JavaScript arguments converted to JSON-like Java values
     * @return a JSON-like value, converted back to JavaScript
     * @throws RuleCallException to give the rule an error with a status and code it can inspect
     */
    Object call(RuleCall call, List<Object> arguments) throws Exception;
}
