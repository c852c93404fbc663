package dev.warden.outbound;

import java.time.Duration;
import java.util.Optional;

/**
 * When the run on the current thread will be stopped, so that outbound calls give up first, with an error the rule can
 * handle: a Retry-After wait or an attempt that would outlast the run is cut to what is left, less a margin for the
 * rule's own handling (a quarter of its timeout, at most 2 s). The engine sets it around each run on the worker
 * thread that runs it; outside a run there is none.
 */
public final class RunDeadline {

    private static final Duration MAX_MARGIN = Duration.ofSeconds(2);
    private static final ThreadLocal<End> CURRENT = new ThreadLocal<>();

    private record End(long nanos, Duration margin) {
    }

    private RunDeadline() {
    }

    /** The run on this thread started now and may take {@code timeout}. */
    public static void begin(Duration timeout) {
        Duration quarter = timeout.dividedBy(4);
        CURRENT.set(new End(System.nanoTime() + timeout.toNanos(),
                quarter.compareTo(MAX_MARGIN) < 0 ? quarter : MAX_MARGIN));
    }

    /** The run on this thread ended. */
    public static void end() {
        CURRENT.remove();
    }

    /**
     * The time outbound calls of this thread's run may still take: what is left of the run less the margin, yet at
     * least half of what is left (a call in the run's last moments still gets a try); empty outside a run.
     */
    static Optional<Duration> left() {
        End end = CURRENT.get();
        if (end == null) {
            return Optional.empty();
        }
        Duration remaining = Duration.ofNanos(Math.max(0, end.nanos() - System.nanoTime()));
        Duration less = remaining.minus(end.margin());
        Duration half = remaining.dividedBy(2);
        return Optional.of(less.compareTo(half) > 0 ? less : half);
    }
}
