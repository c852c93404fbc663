package dev.warden.leases.internal;

import java.time.Duration;
import java.util.function.Supplier;

import dev.warden.plugin.AdminKeyProvider;
import dev.warden.plugin.AdminKeyStatus;

/**
 * The admin-key plugin's provider as the leases call it: an {@link Error} it throws (a class its jar lacks, an
 * assertion, a stack overflow) becomes a {@link PluginFailure}, so that it fails the call like any other failure
 * instead of passing every handler: the run waiting for the key then ends at once, and a key the call may have turned
 * on is disabled. Errors of the JVM itself (out of memory) pass. Thread-safe.
 */
public final class GuardedProvider implements AdminKeyProvider {

    /** An admin-key call that failed inside the plugin; its outcome at Confluence is unknown. */
    public static final class PluginFailure extends RuntimeException {
        PluginFailure(String call, Error cause) {
            super("the admin-key plugin failed in " + call + ": " + cause, cause);
        }
    }

    private final AdminKeyProvider provider;

    private GuardedProvider(AdminKeyProvider provider) {
        this.provider = provider;
    }

    public static AdminKeyProvider of(AdminKeyProvider provider) {
        return provider instanceof GuardedProvider ? provider : new GuardedProvider(provider);
    }

    @Override
    public AdminKeyStatus status() {
        return guarded("status", provider::status);
    }

    @Override
    public AdminKeyStatus enable(Duration duration) {
        return guarded("enable", () -> provider.enable(duration));
    }

    @Override
    public void disable() {
        guarded("disable", () -> {
            provider.disable();
            return null;
        });
    }

    private static <T> T guarded(String call, Supplier<T> work) {
        try {
            return work.get();
        } catch (VirtualMachineError e) {
            if (e instanceof StackOverflowError) {
                throw new PluginFailure(call, e);
            }
            throw e;
        } catch (Error e) {
            throw new PluginFailure(call, e);
        }
    }
}
