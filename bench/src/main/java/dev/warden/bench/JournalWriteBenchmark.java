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

import dev.warden.runs.JournalForBench;

/**
 * What appending one accepted webhook run to the run journal costs by how the file is written: as {@code RunJournal}
 * did before stop 23 (an append-mode {@link FileChannel}, one {@code write} per line, the file growing), by positional
 * writes into a file already written to its full size (no growth per line), by copying into a freshly mapped file,
 * and through {@code RunJournal} itself as it is now (copies into mapped 16 MiB files that roll over, are zeroed and
 * reused; driven through {@link JournalForBench}, warmed up by two files' worth of lines); the first and the last also
 * with four threads appending at once, as request threads and workers do. A line is the size a 5 KB webhook body's
 * line has; the journal variants encode it from its text per line, as the journal does. Rounds alternate the
 * variants, each into a fresh file in the temp folder; the figure is the writing threads' CPU (user and system) per
 * line. Only the cost of getting the bytes into the OS page cache is measured: all of them survive the process dying,
 * none an OS crash. Run by {@code bench/run journal}.
 */
public final class JournalWriteBenchmark {

    private static final int LINE = 5_500;

    private JournalWriteBenchmark() {
    }

    private interface Writer {
        /** Writes {@code count} lines into a new file {@code file}; returns the thread's CPU nanoseconds for it. */
        long write(Path file, byte[] line, int count) throws IOException;
    }

    /** Appends {@code count} lines to a file set up by {@link #prepare}; thread-safe. */
    private interface Appender {
        void append(byte[] line, int count) throws IOException;
    }

    /** Four threads append a quarter of the lines each; returns their CPU nanoseconds together. */
    private static long fourThreads(Appender appender, byte[] line, int count) throws IOException {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        java.util.concurrent.atomic.AtomicLong cpu = new java.util.concurrent.atomic.AtomicLong();
        List<Thread> started = new ArrayList<>();
        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.atomic.AtomicReference<Exception> failed = new java.util.concurrent.atomic.AtomicReference<>();
        for (int t = 0; t < 4; t++) {
            started.add(Thread.ofPlatform().start(() -> {
                try {
                    go.await();
                    long start = threads.getCurrentThreadCpuTime();
                    appender.append(line, count / 4);
                    cpu.addAndGet(threads.getCurrentThreadCpuTime() - start);
                } catch (Exception e) {
                    failed.set(e);
                }
            }));
        }
        go.countDown();
        for (Thread thread : started) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
        }
        if (failed.get() != null) {
            throw new IOException(failed.get());
        }
        return cpu.get();
    }

    /**
     * Appends one {@code write} per line to an append-mode channel (RunJournal before stop 23), the line encoded from
     * its text per call as the journal does.
     */
    private static Appender appendMode(FileChannel channel, String text) {
        return (bytes, n) -> {
            for (int i = 0; i < n; i++) {
                ByteBuffer buffer = ByteBuffer.wrap((text + "\n").getBytes(StandardCharsets.UTF_8));
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
            }
        };
    }

    /**
     * Appends through Warden's own {@link JournalForBench run journal} (16 MiB files, rolled over, zeroed and reused);
     * warmed up first by one file's worth of lines, so that the files are in use as in a server that has run a while.
     */
    private static Appender runJournal(JournalForBench journal, String text) {
        for (int i = 0; i < 2 * (16 << 20) / text.length(); i++) {
            journal.append(text);
        }
        return (bytes, n) -> {
            for (int i = 0; i < n; i++) {
                journal.append(text);
            }
        };
    }

    /** Writes {@code size} bytes of zeros from the file's start: the file is then at its full size, its blocks allocated. */
    private static void zeros(FileChannel channel, long size) throws IOException {
        ByteBuffer zeros = ByteBuffer.allocateDirect(1 << 20);
        for (long at = 0; at < size; at += zeros.capacity()) {
            zeros.clear();
            while (zeros.hasRemaining()) {
                channel.write(zeros, at + zeros.position());
            }
        }
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 7;
        int count = args.length > 1 ? Integer.parseInt(args[1]) : 60_000;
        String text = "{\"id\":\"01JF\",\"input\":" + "x".repeat(LINE - 25) + "}";
        byte[] line = (text + "\n").getBytes(StandardCharsets.UTF_8);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Map<String, Writer> writers = new LinkedHashMap<>();
        writers.put("append-mode channel, one write per line (RunJournal before stop 23)", (file, bytes, n) -> {
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND)) {
                long start = threads.getCurrentThreadCpuTime();
                appendMode(channel, text).append(bytes, n);
                return threads.getCurrentThreadCpuTime() - start;
            }
        });
        writers.put("positional writes into a file written to full size first", (file, bytes, n) -> {
            try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
                FileChannel channel = raf.getChannel();
                zeros(channel, (long) n * bytes.length);
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
        writers.put("RunJournal now: copies into mapped 16 MiB files, zeroed and reused", (file, bytes, n) -> {
            try (JournalForBench journal = new JournalForBench(file)) {
                Appender appender = runJournal(journal, text);
                long start = threads.getCurrentThreadCpuTime();
                appender.append(bytes, n);
                return threads.getCurrentThreadCpuTime() - start;
            }
        });
        writers.put("four threads: append-mode channel (RunJournal before stop 23)", (file, bytes, n) -> {
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND)) {
                return fourThreads(appendMode(channel, text), bytes, n);
            }
        });
        writers.put("four threads: RunJournal now", (file, bytes, n) -> {
            try (JournalForBench journal = new JournalForBench(file)) {
                return fourThreads(runJournal(journal, text), bytes, n);
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
        System.out.printf(Locale.ROOT, "%d lines of %d bytes a round, %d rounds alternating%n%n", count, line.length,
                rounds);
        Spread.printAgainstFirst("how the line is written", "CPU µs/line", perLine);
    }
}
