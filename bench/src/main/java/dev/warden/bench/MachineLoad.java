package dev.warden.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How much CPU other processes used while a measurement ran, from {@code /proc/stat} minus this process's own
 * time: the machine is shared, and the load average alone cannot tell our threads from other people's builds.
 */
final class MachineLoad {

    private static final double TICKS_PER_SECOND = 100.0;

    private final long busyTicks;
    private final long selfTicks;
    private final long nanos;

    private MachineLoad(long busyTicks, long selfTicks, long nanos) {
        this.busyTicks = busyTicks;
        this.selfTicks = selfTicks;
        this.nanos = nanos;
    }

    static MachineLoad now() {
        return new MachineLoad(machineBusyTicks(), selfTicks(), System.nanoTime());
    }

    /** Cores' worth of CPU that other processes used since this sample (0.0 to the core count), or NaN. */
    double othersCoresSince() {
        MachineLoad end = now();
        if (busyTicks < 0 || end.busyTicks < 0) {
            return Double.NaN;
        }
        double seconds = (end.nanos - nanos) / 1e9;
        long others = (end.busyTicks - busyTicks) - (end.selfTicks - selfTicks);
        return Math.max(0, others / TICKS_PER_SECOND / seconds);
    }

    private static long machineBusyTicks() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).getFirst().trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < Math.min(f.length, 9); i++) {
                total += Long.parseLong(f[i]);
            }
            return total - Long.parseLong(f[4]) - Long.parseLong(f[5]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static long selfTicks() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
