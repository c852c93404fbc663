package dev.warden.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The heap guard stops rules that hold memory, not the runs that come after one that held it. */
class HeapGuardTest {

    @Test
    void garbageAboveTheThresholdDoesNotTripTheGuardButLiveDataDoes() {
        System.gc();
        HeapGuard probe = new HeapGuard(Long.MAX_VALUE);
        HeapGuard guard = new HeapGuard(probe.used() + (96L << 20));

        List<byte[]> live = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            live.add(new byte[32 << 20]); // humongous: straight into the old generation
        }
        assumeThat(guard.used()).as("the arrays are in the old generation").isGreaterThan(guard.threshold());
        assertThat(guard.exceeded()).as("256 MiB held").isTrue();

        live.clear();
        HeapGuard later = new HeapGuard(guard.threshold());
        for (int i = 0; i < 8; i++) {
            live.add(new byte[32 << 20]);
        }
        live.clear();
        assumeThat(later.used()).as("the garbage is still counted as used").isGreaterThan(later.threshold());
        assertThat(later.exceeded()).as("256 MiB of garbage").isFalse();
    }
}
