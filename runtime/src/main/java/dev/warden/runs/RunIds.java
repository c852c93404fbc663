package dev.warden.runs;

import java.time.Instant;

import com.github.f4b6a3.ulid.Ulid;
import com.github.f4b6a3.ulid.UlidFactory;

/**
 * Run ids: ULIDs whose time is the run's {@code created_at}, the same clock reading, so that the primary key orders
 * runs by creation time and queries by creation time walk it ({@link RunStore#inFlight}, {@link RunStore#purge}).
 *
 * <p>Minting is monotonic across the process: ids minted in the same millisecond, or after the clock stepped back by
 * up to 10 s, count up from the last id and so keep its (later) time. A run's id time is therefore never earlier
 * than its {@code created_at}, and later only by such a step. A step back of more than 10 s starts again from the
 * clock's time. Thread-safe.
 */
final class RunIds {

    private static final UlidFactory FACTORY = UlidFactory.newMonotonicInstance();
    /** The largest time a ULID holds (48 bits of milliseconds). */
    private static final long MAX_TIME = (1L << 48) - 1;

    private RunIds() {
    }

    /** A new run id whose time is {@code createdAt}'s millisecond (see the class comment for the exception). */
    static String next(Instant createdAt) {
        return FACTORY.create(createdAt.toEpochMilli()).toString();
    }

    /** The smallest id of {@code at}'s millisecond: a run created at or after {@code at} has an id at least this. */
    static String floor(Instant at) {
        return Ulid.min(Math.clamp(at.toEpochMilli(), 0, MAX_TIME)).toString();
    }
}
