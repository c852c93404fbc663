package dev.warden.engine.internal;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;

/**
 * Tells when the heap is close enough to full that running rules must be stopped before they take the JVM down.
 *
 * <p>GraalJS community has no per-context heap limit, so the guard watches the old generation (where a rule's
 * growing data ends up): above the threshold, every running rule is cancelled. Thread-safe.
 */
public final class HeapGuard {

    private final MemoryPoolMXBean oldGeneration;
    private final long threshold;

    public HeapGuard(int percentOfMax) {
        this.oldGeneration = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP && p.isUsageThresholdSupported())
                .filter(p -> p.getName().contains("Old") || p.getName().contains("Tenured"))
                .findFirst().orElse(null);
        long max = Runtime.getRuntime().maxMemory();
        this.threshold = max / 100 * percentOfMax;
    }

    /** Whether heap in use is above the threshold now. */
    public boolean exceeded() {
        return used() > threshold;
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
