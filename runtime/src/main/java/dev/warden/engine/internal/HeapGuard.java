package dev.warden.engine.internal;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.time.Duration;

/**
 * Tells when the heap is close enough to full that running rules must be stopped before they take the JVM down.
 *
 * <p>GraalJS community has no per-context heap limit, so the guard watches the old generation (where a rule's
 * growing data ends up): above the threshold, every running rule is cancelled. Thread-safe.
 */
public final class HeapGuard {

    /** How often the guard may ask for a collection to tell live data from garbage. */
    static final Duration RECHECK = Duration.ofSeconds(2);

    private final MemoryPoolMXBean oldGeneration;
    private final long threshold;
    private long lastCollectionNanos = System.nanoTime() - RECHECK.toNanos() - 1;

    public HeapGuard(int percentOfMax) {
        this(Runtime.getRuntime().maxMemory() / 100 * percentOfMax);
    }

    /** A guard at {@code threshold} bytes of the old generation. */
    HeapGuard(long threshold) {
        this.oldGeneration = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP && p.isUsageThresholdSupported())
                .filter(p -> p.getName().contains("Old") || p.getName().contains("Tenured"))
                .findFirst().orElse(null);
        this.threshold = threshold;
    }

    /**
     * Whether the heap in use is above the threshold, garbage not counted. The old generation's "used" holds garbage
     * until a collection reclaims it (after a rule that allocated a lot has ended, for seconds), so above the
     * threshold the guard asks for a collection, at most once per {@link #RECHECK}, and believes what is left: a rule
     * still holding its data is stopped, innocent runs after a hungry one are not.
     */
    public synchronized boolean exceeded() {
        if (used() <= threshold) {
            return false;
        }
        long now = System.nanoTime();
        if (now - lastCollectionNanos > RECHECK.toNanos()) {
            lastCollectionNanos = now;
            System.gc();
            return used() > threshold;
        }
        return true;
    }

    public long used() {
        if (oldGeneration != null) {
            MemoryUsage usage = oldGeneration.getUsage();
            return usage.getUsed();
        }
        Runtime runtime = Runtime.getRuntime();
        return runtime.totalMemory() - runtime.freeMemory();
    }

    public long threshold() {
        return threshold;
    }
}
