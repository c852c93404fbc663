package dev.warden.engine.internal;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

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
        private final Supplier<String> label;
        private final Thread thread = Thread.currentThread();
        private volatile Reason reason;
        private volatile boolean interrupting;
        private volatile long stoppedAtNanos;
        private volatile boolean stuck;

        private Guarded(Context context, long deadlineNanos, Supplier<String> label) {
            this.context = context;
            this.deadlineNanos = deadlineNanos;
            this.label = label;
        }

        /** Why the watchdog stopped this run, or null if it did not. */
        public Reason reason() {
            return reason;
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(Watchdog.class);
    private static final Duration GRACE = Duration.ofSeconds(2);
    private static final long TICK_MILLIS = 10;
    /**
     * How long after it was stopped a run still going counts as stuck. Interrupted code stops within milliseconds, a
     * host call at its deadline; one known GraalJS hole (a rule recursing again from the catch of its own stack
     * overflow turns each stop into a catchable RangeError) never stops, and holds its worker until the process ends.
     */
    static final Duration STUCK_AFTER = Duration.ofSeconds(10);

    private final Set<Guarded> active = ConcurrentHashMap.newKeySet();
    private final Set<Guarded> stuck = ConcurrentHashMap.newKeySet();
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

    /**
     * @param label what runs, for the log should it not stop (e.g. "run 01J... of rule tidy"); worded only then, so
     *              that a run does not pay for a sentence it almost never needs
     */
    public Guarded watch(Context context, Duration timeout, Supplier<String> label) {
        Guarded guarded = new Guarded(context, System.nanoTime() + timeout.toNanos(), label);
        active.add(guarded);
        return guarded;
    }

    public void release(Guarded guarded) {
        active.remove(guarded);
        if (guarded.stuck && stuck.remove(guarded)) {
            LOG.warn("{} stopped after all, {} s after it was stopped ({}); its worker is free again",
                    guarded.label.get(),
                    (System.nanoTime() - guarded.stoppedAtNanos) / 1_000_000_000L, guarded.reason);
        }
    }

    /** Runs stopped more than {@link #STUCK_AFTER} ago whose code still runs, each holding a worker. */
    public int stuckRuns() {
        return stuck.size();
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
            if (g.reason != null && !g.stuck && now - g.stoppedAtNanos > STUCK_AFTER.toNanos()) {
                g.stuck = true;
                stuck.add(g);
                LOG.error("{} did not stop {} s after it was stopped ({}): {}; it holds a worker until it ends or "
                        + "Warden restarts, and the run stays RUNNING", g.label.get(), STUCK_AFTER.toSeconds(),
                        g.reason, holder(g.thread));
            }
            if (g.reason == null && now - g.deadlineNanos > 0) {
                stop(g, Reason.TIMEOUT);
            } else if (g.reason != null && !g.interrupting) {
                // An interrupt that landed before the rule's code started had nothing to stop: interrupt again.
                interrupt(g);
            }
        }
    }

    /**
     * What holds a stuck run's thread: host code that ignores interrupts (a plugin function looping, or swallowing
     * InterruptedException), named by its innermost frame outside the JDK, GraalVM and the engine; else rule code.
     */
    static String holder(Thread thread) {
        for (StackTraceElement frame : thread.getStackTrace()) {
            String type = frame.getClassName();
            if (type.startsWith("dev.warden.engine.")) {
                break;
            }
            if (!(type.startsWith("java.") || type.startsWith("jdk.") || type.startsWith("sun.")
                    || type.startsWith("com.oracle.") || type.startsWith("org.graalvm."))) {
                return "its thread is in host code that ignores interrupts, at " + frame + " (a plugin function that "
                        + "loops or swallows InterruptedException?)";
            }
        }
        return "its rule code still runs (a rule that catches its own stack overflow, RangeError, and recurses again "
                + "from the catch cannot be stopped: a GraalJS limit); fix the rule, then restart Warden to free the "
                + "worker";
    }

    private void stop(Guarded g, Reason reason) {
        synchronized (g) {
            if (g.reason != null) {
                return;
            }
            g.stoppedAtNanos = System.nanoTime();
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
