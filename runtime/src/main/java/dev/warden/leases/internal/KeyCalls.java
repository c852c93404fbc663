package dev.warden.leases.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * One thread that makes a lease manager's admin-key calls to Confluence (enable, renew, disable, status) one at a
 * time, in the order they were queued: a DELETE decided before a POST is never overtaken by it. Nobody holds the
 * holders' lock ({@link Holders}) while a call runs, so a Confluence that hangs delays only the calls queued behind
 * it. The kill switch's DELETE does not queue here. The thread ends when idle and comes back for the next call.
 * Thread-safe.
 */
public final class KeyCalls {

    private static final String THREAD = "warden-admin-key";

    private final ThreadPoolExecutor executor = new ThreadPoolExecutor(1, 1, 10, TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(), r -> Thread.ofPlatform().daemon().name(THREAD).unstarted(r));

    public KeyCalls() {
        executor.allowCoreThreadTimeOut(true);
    }

    public <T> CompletableFuture<T> queue(Supplier<T> call) {
        return CompletableFuture.supplyAsync(call, executor);
    }

    public CompletableFuture<Void> queue(Runnable call) {
        return CompletableFuture.runAsync(call, executor);
    }

    /** Whether a call is running or queued now (one Confluence may be holding). */
    public boolean busy() {
        return executor.getActiveCount() > 0 || !executor.getQueue().isEmpty();
    }

    /** Queues the call and waits for it; on the calls' own thread it runs at once (queueing would wait forever). */
    public void now(Runnable call) {
        if (Thread.currentThread().getName().equals(THREAD)) {
            call.run();
            return;
        }
        await(queue(call));
    }

    /** Waits for a queued call, rethrowing what it threw. */
    public static <T> T await(CompletableFuture<T> call) {
        try {
            return call.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw e;
        }
    }
}
