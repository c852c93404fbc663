package dev.warden.leases.internal;

import java.time.Instant;

/**
 * The key kept on after the last holder left ({@code adminKey.linger}), so a run that follows soon reuses it; the
 * ticker disables it when the linger ends. Thread-safe.
 */
public final class Linger {

    private volatile Instant until;

    /** The last holder left: keep the key until then. */
    public void until(Instant end) {
        until = end;
    }

    /** A run holds the key again, or Warden stops: no linger. */
    public void cancel() {
        until = null;
    }

    /** Whether a linger was kept and ended by {@code now}. */
    public boolean endedBy(Instant now) {
        Instant end = until;
        return end != null && !now.isBefore(end);
    }
}
