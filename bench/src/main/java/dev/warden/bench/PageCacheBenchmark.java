package dev.warden.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What the host charges for getting bytes into the OS page cache, the floor under the run journal's append and the
 * run writer's H2 chunk write: {@code pwrite}s of one journal line's size up to 1 MiB into pages the file already has
 * (the cost per call against the cost per byte), and 1 MiB writes that grow a file into pages it never had, against
 * the same writes into pages it has. Warden's webhook figures move with these: on a host where a page the file never
 * had costs ten times one it has, a database that grows pays for it in every commit. Host facts, not Warden's code:
 * rerun them when comparing webhook figures across hosts. Run by {@code bench/run pagecache}; writes up to
 * {@code rounds} GiB to the temp folder and deletes it.
 */
public final class PageCacheBenchmark {

    private static final int LINE = 5_500;
    private static final long RESIDENT = 64L << 20;
    private static final int MIB = 1 << 20;

    private PageCacheBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        int rounds = Integer.parseInt(args.length > 0 ? args[0] : "3");
        long growBytes = Long.parseLong(args.length > 1 ? args[1] : "1024") * MIB;
        Path dir = Files.createTempDirectory("warden-pagecache");
        try {
            perCall(dir.resolve("resident"), rounds);
            growing(dir.resolve("growing"), rounds, growBytes);
        } finally {
            try (var files = Files.list(dir)) {
                for (Path file : files.toList()) {
                    Files.deleteIfExists(file);
                }
            }
            Files.deleteIfExists(dir);
        }
    }

    /** pwrite by size into a 64 MiB file written once before, so every page is in the page cache. */
    private static void perCall(Path file, int rounds) throws IOException {
        int[] sizes = {LINE, 4 * LINE, 16 * LINE, MIB};
        List<List<Double>> perLine = new ArrayList<>();
        for (int ignored : sizes) {
            perLine.add(new ArrayList<>());
        }
        try (FileChannel channel = open(file)) {
            fill(channel, 0, RESIDENT);
            for (int round = 0; round <= rounds; round++) {
                for (int s = 0; s < sizes.length; s++) {
                    ByteBuffer buffer = pattern(sizes[s]);
                    long calls = 0;
                    long start = System.nanoTime();
                    for (long at = 0; at + sizes[s] <= RESIDENT; at += sizes[s]) {
                        write(channel, buffer, at);
                        calls++;
                    }
                    double perCallMicros = (System.nanoTime() - start) / 1e3 / calls;
                    if (round > 0) { // round 0 warms the JIT up
                        perLine.get(s).add(perCallMicros * LINE / sizes[s]);
                    }
                }
            }
        }
        System.out.println("| `pwrite` into pages the file has | µs per call | µs per 5.5 KB line |");
        System.out.println("|---|---|---|");
        for (int s = 0; s < sizes.length; s++) {
            Spread line = Spread.of(perLine.get(s));
            System.out.printf(Locale.ROOT, "| %,d bytes a call | %.2f | %.2f (%.2f-%.2f) |%n", sizes[s],
                    line.median() * sizes[s] / LINE, line.median(), line.min(), line.max());
        }
        System.out.println();
    }

    /** 1 MiB writes that grow a file by {@code bytes}, then the same count of writes into 64 MiB it has. */
    private static void growing(Path file, int rounds, long bytes) throws IOException {
        System.out.println("| round | GB/s into pages the file never had | GB/s into pages it has | ratio |");
        System.out.println("|---|---|---|---|");
        ByteBuffer buffer = pattern(MIB);
        try (FileChannel channel = open(file)) {
            fill(channel, 0, RESIDENT);
            long end = RESIDENT;
            for (int round = 1; round <= rounds; round++) {
                long start = System.nanoTime();
                for (long at = end; at < end + bytes; at += MIB) {
                    write(channel, buffer, at);
                }
                double fresh = bytes / (double) (System.nanoTime() - start);
                end += bytes;
                start = System.nanoTime();
                for (long done = 0; done < bytes; done += MIB) {
                    write(channel, buffer, done % RESIDENT);
                }
                double resident = bytes / (double) (System.nanoTime() - start);
                System.out.printf(Locale.ROOT, "| %d | %.2f | %.2f | %.1fx |%n", round, fresh, resident,
                        resident / fresh);
            }
        }
        System.out.println();
    }

    private static FileChannel open(Path file) throws IOException {
        return FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    }

    private static void fill(FileChannel channel, long from, long to) throws IOException {
        ByteBuffer buffer = pattern(MIB);
        for (long at = from; at < to; at += MIB) {
            write(channel, buffer, at);
        }
    }

    private static void write(FileChannel channel, ByteBuffer buffer, long at) throws IOException {
        buffer.clear();
        while (buffer.hasRemaining()) {
            channel.write(buffer, at + buffer.position());
        }
    }

    /** Bytes that are not zeros, in native memory as the JDK writes from. */
    private static ByteBuffer pattern(int size) {
        ByteBuffer buffer = ByteBuffer.allocateDirect(size);
        for (int i = 0; i < size; i++) {
            buffer.put(i, (byte) ('a' + i % 26));
        }
        return buffer;
    }
}
