package dev.warden.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How much CPU other processes used while a measurement ran, from {@code /proc/stat} minus the time of this
 * process and its children (node): the machine is shared, and the load average alone cannot tell our work from
 * other people's builds.
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

    /** CPU ticks of this process, its finished children and its live descendants. */
    private static long selfTicks() {
        long ticks = ticksOf("self", true);
        for (ProcessHandle child : ProcessHandle.current().descendants().toList()) {
            ticks += ticksOf(String.valueOf(child.pid()), false);
        }
        return ticks;
    }

    private static long ticksOf(String pid, boolean withWaitedChildren) {
        try {
            String stat = Files.readString(Path.of("/proc", pid, "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
            return withWaitedChildren ? ticks + Long.parseLong(f[13]) + Long.parseLong(f[14]) : ticks;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
