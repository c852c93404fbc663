package dev.warden.bench;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What appending one accepted webhook run to the run journal costs by how the file is written: as {@code RunJournal}
 * does it (an append-mode {@link FileChannel}, one {@code write} per line, the file growing), by positional writes
 * into a file already written to its full size (no growth per line), and by copying into a memory-mapped file. A line
 * is the size a 5 KB webhook body's line has. Rounds alternate the three, each into a fresh file in the temp folder;
 * the figure is the writing thread's CPU (user and system) per line. Only the cost of getting the bytes into the OS
 * page cache is measured: all three survive the process dying, none an OS crash. Run by {@code bench/run journal}.
 */
public final class JournalWriteBenchmark {

    private static final int LINE = 5_500;

    private JournalWriteBenchmark() {
    }

    private interface Writer {
        /** Writes {@code count} lines into a new file {@code file}; returns the thread's CPU nanoseconds for it. */
        long write(Path file, byte[] line, int count) throws IOException;
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 7;
        int count = args.length > 1 ? Integer.parseInt(args[1]) : 60_000;
        byte[] line = ("{\"id\":\"01JF\",\"input\":" + "x".repeat(LINE - 25) + "}\n").getBytes(StandardCharsets.UTF_8);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Map<String, Writer> writers = new LinkedHashMap<>();
        writers.put("append-mode channel, one write per line (RunJournal)", (file, bytes, n) -> {
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND)) {
                long start = threads.getCurrentThreadCpuTime();
                for (int i = 0; i < n; i++) {
                    ByteBuffer buffer = ByteBuffer.wrap(bytes);
                    while (buffer.hasRemaining()) {
                        channel.write(buffer);
                    }
                }
                return threads.getCurrentThreadCpuTime() - start;
            }
        });
        writers.put("positional writes into a file written to full size first", (file, bytes, n) -> {
            try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
                FileChannel channel = raf.getChannel();
                ByteBuffer zeros = ByteBuffer.allocateDirect(1 << 20);
                for (long at = 0; at < (long) n * bytes.length; at += zeros.capacity()) {
                    zeros.clear();
                    channel.write(zeros, at);
                }
                long start = threads.getCurrentThreadCpuTime();
                long at = 0;
                for (int i = 0; i < n; i++) {
                    ByteBuffer buffer = ByteBuffer.wrap(bytes);
                    while (buffer.hasRemaining()) {
                        at += channel.write(buffer, at);
                    }
                }
                return threads.getCurrentThreadCpuTime() - start;
            }
        });
        writers.put("copies into a memory-mapped file", (file, bytes, n) -> {
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE)) {
                MappedByteBuffer map = channel.map(FileChannel.MapMode.READ_WRITE, 0, (long) n * bytes.length);
                long start = threads.getCurrentThreadCpuTime();
                for (int i = 0, at = 0; i < n; i++, at += bytes.length) {
                    map.put(at, bytes);
                }
                return threads.getCurrentThreadCpuTime() - start;
            }
        });
        Path root = Files.createTempDirectory("warden-bench-journal");
        Map<String, List<Double>> perLine = new LinkedHashMap<>();
        try {
            for (int round = 0; round <= rounds; round++) { // round 0 warms up and is not counted
                System.err.printf(Locale.ROOT, "bench: round %d of %d...%n", round, rounds);
                for (Map.Entry<String, Writer> writer : writers.entrySet()) {
                    Path file = root.resolve("journal-" + perLine.size() + "-" + round);
                    long nanos = writer.getValue().write(file, line, count);
                    Files.delete(file);
                    if (round > 0) {
                        perLine.computeIfAbsent(writer.getKey(), k -> new ArrayList<>()).add(nanos / 1000.0 / count);
                    }
                }
            }
        } finally {
            try (var files = Files.list(root)) {
                for (Path p : files.toList()) {
                    Files.deleteIfExists(p);
                }
            }
            Files.deleteIfExists(root);
        }
        List<Double> current = perLine.values().iterator().next();
        System.out.printf(Locale.ROOT, "%d lines of %d bytes a round, %d rounds alternating%n%n", count, line.length,
                rounds);
        System.out.println("| how the line is written | CPU µs/line | against RunJournal's, per round |");
        System.out.println("|---|---|---|");
        for (Map.Entry<String, List<Double>> row : perLine.entrySet()) {
            Spread us = Spread.of(row.getValue());
            Spread against = Spread.ofRatios(row.getValue(), current);
            System.out.printf(Locale.ROOT, "| %s | %.2f (%.2f-%.2f) | %.2f (%.2f-%.2f) |%n", row.getKey(), us.median(),
                    us.min(), us.max(), against.median(), against.min(), against.max());
        }
    }
}
