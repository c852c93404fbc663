package dev.warden.simulator.internal.control;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Every request the simulator answered (control API excluded), kept so tests can assert what a client sent.
 * Thread-safe; entries are ordered by arrival, not by completion.
 */
public final class RequestLog {
    private static final int CAPACITY = 10_000;

    private final AtomicLong sequence = new AtomicLong();
    private final List<RecordedRequest> entries = new ArrayList<>();

    /** Numbers a request when it arrives, so the log is oldest-first even when responses finish out of order. */
    public long arrive() {
        return sequence.incrementAndGet();
    }

    public synchronized void add(RecordedRequest request) {
        entries.add(request);
        if (entries.size() > CAPACITY) {
            entries.removeFirst();
        }
    }

    public synchronized List<RecordedRequest> oldestFirst() {
        List<RecordedRequest> copy = new ArrayList<>(entries);
        copy.sort(Comparator.comparingLong(RecordedRequest::sequence));
        return copy;
    }

    public synchronized void clear() {
        entries.clear();
    }
}
