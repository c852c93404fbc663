package dev.warden.simulator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The simulator's notion of "now": admin keys, Compliance keys and rate-limit windows expire on it.
 *
 * <p>It follows the system clock until a test sets or freezes it, so an interactive `warden sim` agrees with real
 * time while tests control expiry without sleeping. Thread-safe.
 */
public final class SimulatorClock {
    private final Clock system;
    private Duration offset = Duration.ZERO;
    private Instant frozenAt;

    public SimulatorClock() {
        this(Clock.systemUTC());
    }

    SimulatorClock(Clock system) {
        this.system = system;
    }

    /** The current simulated instant, truncated to milliseconds like Confluence's timestamps. */
    public synchronized Instant now() {
        Instant now = frozenAt != null ? frozenAt : system.instant().plus(offset);
        return now.truncatedTo(ChronoUnit.MILLIS);
    }

    /** Jumps to {@code instant} and stops there until advanced or resumed. */
    public synchronized void set(Instant instant) {
        frozenAt = instant;
    }

    /** Moves time forward (or back, with a negative duration), frozen or not. */
    public synchronized void advance(Duration duration) {
        if (frozenAt != null) {
            frozenAt = frozenAt.plus(duration);
        } else {
            offset = offset.plus(duration);
        }
    }

    /** Stops time at the current instant. */
    public synchronized void freeze() {
        frozenAt = now();
    }

    /** Lets time tick again from the current simulated instant. */
    public synchronized void resume() {
        if (frozenAt != null) {
            offset = Duration.between(system.instant(), frozenAt);
            frozenAt = null;
        }
    }

    public synchronized boolean isFrozen() {
        return frozenAt != null;
    }

    /** Back to the system clock, as after {@link ConfluenceSimulator#reset()}. */
    public synchronized void reset() {
        offset = Duration.ZERO;
        frozenAt = null;
    }
}
