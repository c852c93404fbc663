package dev.warden.runs;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * How many things (runs ended, run writes stored) got done per second lately, and so how long a backlog of them
 * takes: what a refusal's {@code Retry-After} says.
 *
 * <p>Counts per second of the clock the times come from, in a ring of a few seconds: {@link #add} is one
 * compare-and-set, no lock, on every run's end; {@link #backlog} reads the ring only when a request is refused. The
 * rate is the count over the last {@value #WINDOW_SECONDS} seconds (and the current one) divided by the time since
 * the oldest of them that counted anything (at least a second), so neither a fresh start nor an idle spell before a
 * burst makes it look slower than it is. Approximate: an addition for a second the ring no longer holds (a clock
 * stepped back) is dropped. Thread-safe.
 */
final class Throughput {

    /** Seconds of history the rate is taken over. */
    static final int WINDOW_SECONDS = 5;
    /**
     * The Retry-After when the rate is not known (nothing got done in the window): by then the window holds a rate,
     * if anything got done meanwhile.
     */
    static final long FALLBACK_RETRY_AFTER_SECONDS = WINDOW_SECONDS;
    /**
     * The longest Retry-After asked for, however long the backlog: beyond a minute the rate of the last few seconds
     * says little, and a caller that retries once a minute costs Warden nothing.
     */
    static final long MAX_RETRY_AFTER_SECONDS = 60;
    /** A power of two above the window's seconds plus the current one. */
    private static final int SLOTS = 8;
    private static final long LOW = 0xFFFF_FFFFL;

    /** Per slot: the second it counts (epoch seconds, the high 32 bits) and its count (the low 32 bits). */
    private final AtomicLongArray slots = new AtomicLongArray(SLOTS);

    /** Counts {@code count} things done at {@code epochMillis}. */
    void add(long epochMillis, int count) {
        long second = Math.floorDiv(epochMillis, 1000) & LOW;
        int i = (int) (second & (SLOTS - 1));
        while (true) {
            long seen = slots.get(i);
            long seenSecond = seen >>> 32;
            long next;
            if (seenSecond == second) {
                next = (seen & LOW) + count > LOW ? seen : seen + count;
            } else if (seenSecond > second) {
                return;
            } else {
                next = second << 32 | count;
            }
            if (slots.compareAndSet(i, seen, next)) {
                return;
            }
        }
    }

    /** Things done per second lately, as of {@code nowMillis}; 0 when none was done in the window. */
    double perSecond(long nowMillis) {
        long nowSecond = Math.floorDiv(nowMillis, 1000);
        long masked = nowSecond & LOW;
        long count = 0;
        long oldestAge = -1;
        for (int i = 0; i < SLOTS; i++) {
            long slot = slots.get(i);
            long age = masked - (slot >>> 32);
            long n = slot & LOW;
            if (n > 0 && age >= 0 && age <= WINDOW_SECONDS) {
                count += n;
                oldestAge = Math.max(oldestAge, age);
            }
        }
        if (count == 0) {
            return 0;
        }
        long since = (nowSecond - oldestAge) * 1000;
        return count * 1000.0 / Math.max(1000, nowMillis - since);
    }

    /** A backlog of {@code size} things at the rate as of {@code nowMillis}. */
    Backlog backlog(long size, long nowMillis) {
        return new Backlog(size, perSecond(nowMillis));
    }

    /**
     * A backlog and the rate it drains at.
     *
     * @param size things waiting
     * @param perSecond things done per second lately, 0 when unknown (none was done in the window)
     */
    record Backlog(long size, double perSecond) {

        /** Whether anything got done lately, so that the backlog's length is known. */
        boolean known() {
            return perSecond > 0;
        }

        /** Seconds until the backlog would have drained at the rate, rounded up; 0 when not {@link #known()}. */
        long seconds() {
            return known() ? (long) Math.min(Long.MAX_VALUE, Math.ceil(size / perSecond)) : 0;
        }

        /**
         * What to answer in Retry-After: {@link #seconds()} between 1 and {@link #MAX_RETRY_AFTER_SECONDS}, or
         * {@link #FALLBACK_RETRY_AFTER_SECONDS} when the rate is not known.
         */
        long retryAfterSeconds() {
            return known() ? Math.clamp(seconds(), 1, MAX_RETRY_AFTER_SECONDS) : FALLBACK_RETRY_AFTER_SECONDS;
        }

        /**
         * The backlog in words, for a refusal's message, e.g. {@code "the 30 queued runs take about 3 s at the
         * recent rate (10 runs/s); retry after 3 s"}.
         *
         * @param waiting the backlog's things, e.g. {@code "queued runs"}
         * @param noneDone what the rate is unknown for, e.g. {@code "no run ended"}
         * @param unit the rate's unit, e.g. {@code "runs/s"}
         */
        String describe(String waiting, String noneDone, String unit) {
            if (!known()) {
                return noneDone + " in the last " + WINDOW_SECONDS + " s, so how long the " + size + " "
                        + waiting + " take is not known; retry after " + retryAfterSeconds() + " s";
            }
            return "the " + size + " " + waiting + " take about " + seconds() + " s at the recent rate ("
                    + rate(perSecond) + " " + unit + "); retry after " + retryAfterSeconds() + " s";
        }

        private static String rate(double perSecond) {
            return perSecond >= 10 ? Long.toString(Math.round(perSecond))
                    : String.format(Locale.ROOT, "%.1f", perSecond);
        }
    }
}
