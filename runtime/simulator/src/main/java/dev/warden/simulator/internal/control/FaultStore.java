package dev.warden.simulator.internal.control;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The active faults, oldest first; the first one that fires on a call wins. Thread-safe. */
public final class FaultStore {
    private final List<Fault> faults = new ArrayList<>();
    private long nextId = 1;

    public synchronized String nextId() {
        return "fault-" + nextId++;
    }

    public synchronized void add(Fault fault) {
        faults.add(fault);
    }

    public synchronized Optional<Fault> fire(String method, String path) {
        for (Fault fault : faults) {
            if (fault.fires(method, path)) {
                return Optional.of(fault);
            }
        }
        return Optional.empty();
    }

    public synchronized List<Fault> active() {
        return faults.stream().filter(f -> !f.exhausted()).toList();
    }

    /** Each active fault with how often it has fired, read under the lock. */
    public synchronized List<FiredCount> activeWithCounts() {
        return active().stream().map(f -> new FiredCount(f, f.fired())).toList();
    }

    public synchronized boolean remove(String id) {
        return faults.removeIf(f -> f.id().equals(id));
    }

    public synchronized void clear() {
        faults.clear();
    }

    /** A fault and how many times it has fired so far. */
    public record FiredCount(Fault fault, long fired) {}
}
