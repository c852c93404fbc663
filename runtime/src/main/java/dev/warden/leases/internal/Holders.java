package dev.warden.leases.internal;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

import dev.warden.leases.Lease;

/**
 * The runs of this process that hold the admin key now (only their requests may carry the header), and the lock
 * that orders changes to them with the key-state decisions. The lock is never held while Confluence is called; the
 * store's row lock orders the same decisions across processes. Reads need no lock. Thread-safe.
 */
public final class Holders {

    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, Lease> byRun = new ConcurrentHashMap<>();
    /** Runs that were without the key for a while (a renewal failed past its expiry): the warning for their log. */
    private final Map<String, String> keyLost = new ConcurrentHashMap<>();

    /** Makes a decision under the lock. */
    public <T> T underLock(Supplier<T> decision) {
        lock.lock();
        try {
            return decision.get();
        } finally {
            lock.unlock();
        }
    }

    public void add(Lease lease) {
        byRun.put(lease.runId(), lease);
    }

    public void remove(String runId) {
        byRun.remove(runId);
    }

    /** Removes every holder (call under the lock); returns their run ids. */
    public List<String> clear() {
        List<String> runIds = List.copyOf(byRun.keySet());
        byRun.clear();
        return runIds;
    }

    public boolean holds(String runId) {
        return byRun.containsKey(runId);
    }

    /** The run's lease, or null when it holds none. */
    public Lease get(String runId) {
        return byRun.get(runId);
    }

    public boolean isEmpty() {
        return byRun.isEmpty();
    }

    /** A live view of the leases held now. */
    public Collection<Lease> leases() {
        return byRun.values();
    }

    /** Remembers that the run lost the key; false when it was already told. */
    public boolean lostKey(String runId, String warning) {
        return keyLost.putIfAbsent(runId, warning) == null;
    }

    /** The warning for the run's log when it lost the key while holding it, else null; forgets it. */
    public String takeKeyLost(String runId) {
        return keyLost.remove(runId);
    }
}
