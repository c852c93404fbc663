package dev.warden.engine.internal;

import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Value;

/**
 * A context that has evaluated one version of one rule file, ready to run any rule of that file again.
 *
 * <p>Owned by one worker thread; module state persists between runs on that worker. Discarded after a timeout,
 * a cancellation or an engine error, so a rule never sees a half-torn context.
 *
 * @param exports the module namespace
 * @param invoke the bootstrap's per-run invoker
 */
public record WarmContext(String fileVersion, Context context, RunHost host, Value exports, Value invoke) {

    public void close() {
        try {
            context.close(true);
        } catch (RuntimeException ignored) {
            // Already closed or cancelled: nothing left to release.
        }
    }
}
