package dev.warden.runs;

import java.time.Instant;
import java.util.List;

/** One write the {@link RunWriter} applies inside a group commit. */
sealed interface RunWrite {

    /** New QUEUED runs of one request, with the request's idempotency key (or null) in the same transaction. */
    record Insert(List<Run> runs, String eventMeta, RequestKey key, Instant at) implements RunWrite {
    }

    /** QUEUED -> RUNNING; takes effect only if the run is still QUEUED (a cancel may have won). */
    record Start(String id, Instant at) implements RunWrite {
    }

    /** Writes nothing: completes once every write queued before it has committed. */
    record Barrier() implements RunWrite {
    }

    /** The run's end; {@code startedAt} is written too, so a Start in the same batch can be skipped. */
    record Finish(String id, RunStatus status, Instant startedAt, Instant at, String result, String error,
                  String logs) implements RunWrite {
    }
}
