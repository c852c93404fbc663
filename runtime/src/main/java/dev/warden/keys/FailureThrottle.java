package dev.warden.keys;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows down guessing: an address with more than {@code limit} failed authentications in a minute is refused (429)
 * until that minute is over, before its key is even looked at. Thread-safe; memory is bounded by forgetting
 * finished minutes.
 */
public final class FailureThrottle {

    private static final long WINDOW_MILLIS = 60_000;
    private static final int MAX_ADDRESSES = 100_000;

    private record Window(long start, int failures) {
    }

    private final int limit;
    private final Clock clock;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    public FailureThrottle(int limit, Clock clock) {
        this.limit = limit;
        this.clock = clock;
    }

    /** @throws AccessDenied 429 with the seconds to wait when the address is throttled */
    public void check(String address) {
        Window w = windows.get(address);
        long now = clock.millis();
        if (w != null && w.failures() >= limit && now - w.start() < WINDOW_MILLIS) {
            throw AccessDenied.throttled(Math.max(1, (w.start() + WINDOW_MILLIS - now + 999) / 1000));
        }
    }

    /** Counts a failed attempt; true when it is the one that starts the throttling. */
    public boolean failed(String address) {
        long now = clock.millis();
        if (windows.size() > MAX_ADDRESSES) {
            windows.values().removeIf(w -> now - w.start() >= WINDOW_MILLIS);
        }
        Window after = windows.compute(address, (a, w) -> w == null || now - w.start() >= WINDOW_MILLIS
                ? new Window(now, 1) : new Window(w.start(), w.failures() + 1));
        return after.failures() == limit;
    }
}
