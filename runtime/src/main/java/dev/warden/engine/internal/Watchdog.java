package dev.warden.engine.internal;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeoutException;

import org.graalvm.polyglot.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One thread that stops runs past their deadline, or all runs when the {@link HeapGuard} trips.
 *
 * <p>A run past its deadline is interrupted ({@link Context#interrupt}); if it does not stop within the grace
 * period its context is cancelled for good ({@link Context#close(boolean)}). Either way the worker discards that
 * context. One scanning thread instead of a timer per run keeps the cost flat as runs scale. Thread-safe.
 */
public final class Watchdog implements AutoCloseable {

    /** Why a guarded run was stopped. */
    public enum Reason { TIMEOUT, MEMORY, CANCELLED }

    /** A run under watch. */
    public static final class Guarded {
        private final Context context;
        private final long deadlineNanos;
        private volatile Reason reason;
        private volatile boolean interrupting;

        private Guarded(Context context, long deadlineNanos) {
            this.context = context;
            this.deadlineNanos = deadlineNanos;
        }

        /** Why the watchdog stopped this run, or null if it did not. */
        public Reason reason() {
            return reason;
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(Watchdog.class);
    private static final Duration GRACE = Duration.ofSeconds(2);
    private static final long TICK_MILLIS = 10;

    private final Set<Guarded> active = ConcurrentHashMap.newKeySet();
    private final ExecutorService stopper = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "warden-watchdog-stop");
        t.setDaemon(true);
        return t;
    });
    private final HeapGuard heapGuard;
    private final Thread thread;
    private volatile boolean running = true;

    public Watchdog(HeapGuard heapGuard) {
        this.heapGuard = heapGuard;
        this.thread = Thread.ofPlatform().daemon().name("warden-watchdog").start(this::loop);
    }

    public Guarded watch(Context context, Duration timeout) {
        Guarded guarded = new Guarded(context, System.nanoTime() + timeout.toNanos());
        active.add(guarded);
        return guarded;
    }

    public void release(Guarded guarded) {
        active.remove(guarded);
    }

    /** Stops a run on request (an admin's cancel, a revoked lease). */
    public void cancel(Guarded guarded) {
        stop(guarded, Reason.CANCELLED);
    }

    public int activeRuns() {
        return active.size();
    }

    private void loop() {
        while (running) {
            try {
                Thread.sleep(TICK_MILLIS);
                scan();
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.error("watchdog scan failed; it keeps watching", e);
            }
        }
    }

    private void scan() {
        if (active.isEmpty()) {
            return;
        }
        if (heapGuard.exceeded()) {
            LOG.warn("heap in use {} MiB is above the guard ({} MiB): cancelling {} running rule(s)",
                    heapGuard.used() >> 20, heapGuard.threshold() >> 20, active.size());
            for (Guarded g : active) {
                stop(g, Reason.MEMORY);
            }
            return;
        }
        long now = System.nanoTime();
        for (Guarded g : active) {
            if (g.reason == null && now - g.deadlineNanos > 0) {
                stop(g, Reason.TIMEOUT);
            } else if (g.reason != null && !g.interrupting) {
                // An interrupt that landed before the rule's code started had nothing to stop: interrupt again.
                interrupt(g);
            }
        }
    }

    private void stop(Guarded g, Reason reason) {
        synchronized (g) {
            if (g.reason != null) {
                return;
            }
            g.reason = reason;
        }
        if (reason == Reason.MEMORY) {
            closeQuietly(g.context);
            return;
        }
        interrupt(g);
    }

    /** Interrupts the run's context off the scanning thread; one that does not stop in time is cancelled. */
    private void interrupt(Guarded g) {
        g.interrupting = true;
        stopper.execute(() -> {
            try {
                g.context.interrupt(GRACE);
            } catch (TimeoutException | RuntimeException e) {
                closeQuietly(g.context);
            } finally {
                g.interrupting = false;
            }
        });
    }

    private static void closeQuietly(Context context) {
        try {
            context.close(true);
        } catch (RuntimeException ignored) {
            // The run thread may be closing it too; either way it ends cancelled.
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        stopper.shutdownNow();
    }
}
