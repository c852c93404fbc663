package dev.warden.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

import dev.warden.runs.JournalForBench;

/**
 * What an append to the run journal costs by the folder it is in ({@code paths.journal}), while another file grows
 * as H2's does under webhook load. Warden's {@code RunJournal} (through {@link JournalForBench}) appends 5.5 KB lines
 * at 15,000 a second, as in the webhook benchmark; the journal is in the temp folder (a disk file system) or in
 * {@code /dev/shm} (tmpfs), with or without a second thread growing a file in the temp folder at 75 MB/s in 1 MiB
 * writes (about what H2's file grows by at that rate of 5 KB runs). Variants alternate within each round, each
 * for the given seconds, 45 by default: the kernel starts writing a file's dirty pages back about 30 s after they were
 * first dirtied, and from then on the journal's pages are written back, and fault again when next written, while the
 * server runs. The figure is the appending thread's CPU (user and system) per line. Run by
 * {@code bench/run journal-folder}.
 */
public final class JournalFolderBenchmark {

    private static final int LINE = 5_500;
    private static final int LINES_PER_SECOND = 15_000;
    private static final int GROWTH_BYTES_PER_SECOND = 75 << 20;

    private JournalFolderBenchmark() {
    }

    /** A thread that appends 1 MiB at a time to a new file in {@code folder} at 75 MB/s until stopped. */
    private static final class Grower implements AutoCloseable {
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Path file;
        private final Thread thread;

        Grower(Path folder) throws IOException {
            file = Files.createTempFile(folder, "growing", ".bin");
            thread = Thread.ofPlatform().name("grower").start(this::grow);
        }

        private void grow() {
            ByteBuffer chunk = ByteBuffer.allocateDirect(1 << 20);
            while (chunk.hasRemaining()) {
                chunk.put((byte) 7);
            }
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                long start = System.nanoTime();
                long written = 0;
                while (running.get()) {
                    chunk.clear();
                    while (chunk.hasRemaining()) {
                        written += channel.write(chunk, written);
                    }
                    long due = start + written * 1_000_000_000L / GROWTH_BYTES_PER_SECOND;
                    LockSupport.parkNanos(Math.max(0, due - System.nanoTime()));
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        @Override
        public void close() throws IOException {
            running.set(false);
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            Files.deleteIfExists(file);
        }
    }

    /** Appends lines at 15,000 a second for {@code seconds}; returns the appending thread's CPU µs per line. */
    private static double append(Path folder, String text, double seconds) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Path file = folder.resolve("run-journal.log");
        try (JournalForBench journal = new JournalForBench(file)) {
            for (int i = 0; i < 2 * (16 << 20) / text.length(); i++) {
                journal.append(text); // two files' worth first: the journal's files in use, as in a running server
            }
            long lines = (long) (seconds * LINES_PER_SECOND);
            long cpu = 0;
            long start = System.nanoTime();
            for (long done = 0; done < lines; ) {
                long before = threads.getCurrentThreadCpuTime();
                for (int i = 0; i < 15 && done < lines; i++, done++) {
                    journal.append(text);
                }
                cpu += threads.getCurrentThreadCpuTime() - before;
                long due = start + done * 1_000_000_000L / LINES_PER_SECOND;
                LockSupport.parkNanos(Math.max(0, due - System.nanoTime()));
            }
            return cpu / 1000.0 / lines;
        } finally {
            for (String name : List.of("run-journal.log", "run-journal.log.previous", "run-journal.log.spare")) {
                try {
                    Files.deleteIfExists(folder.resolve(name));
                } catch (IOException e) {
                    System.err.println("bench: could not delete " + folder.resolve(name) + ": " + e.getMessage());
                }
            }
        }
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 45;
        String text = "{\"id\":\"01JF\",\"input\":" + "x".repeat(LINE - 25) + "}";
        Path temp = Files.createTempDirectory("warden-bench-journal-folder");
        Path shm = Path.of("/dev/shm");
        Path tmpfs = Files.isDirectory(shm) && Files.isWritable(shm)
                ? Files.createTempDirectory(shm, "warden-bench-journal-folder") : null;
        Map<String, Path> folders = new LinkedHashMap<>();
        folders.put("temp folder (" + Files.getFileStore(temp).type() + ")", temp);
        if (tmpfs != null) {
            folders.put("/dev/shm (" + Files.getFileStore(tmpfs).type() + ")", tmpfs);
        }
        Map<String, List<Double>> perLine = new LinkedHashMap<>();
        try {
            for (int round = 0; round <= rounds; round++) { // round 0 warms up and is not counted
                System.err.printf(Locale.ROOT, "bench: round %d of %d...%n", round, rounds);
                for (Map.Entry<String, Path> folder : folders.entrySet()) {
                    // In the temp folder with and without the growing file; in /dev/shm only with it (as beside H2).
                    for (boolean growing : folder.getValue() == temp ? new boolean[] {false, true}
                            : new boolean[] {true}) {
                        double us;
                        if (growing) {
                            try (Grower grower = new Grower(temp)) {
                                us = append(folder.getValue(), text, round == 0 ? 2 : seconds);
                            }
                        } else {
                            us = append(folder.getValue(), text, round == 0 ? 2 : seconds);
                        }
                        if (round > 0) {
                            String name = folder.getKey() + (growing ? ", a file growing at 75 MB/s in the temp folder"
                                    : ", nothing else writing");
                            perLine.computeIfAbsent(name, k -> new ArrayList<>()).add(us);
                        }
                    }
                }
            }
        } finally {
            Files.deleteIfExists(temp);
            if (tmpfs != null) {
                Files.deleteIfExists(tmpfs);
            }
        }
        System.out.printf(Locale.ROOT, "%d lines of %d bytes a second for %.0f s per variant, %d rounds alternating%n%n",
                LINES_PER_SECOND, text.length() + 1, seconds, rounds);
        Spread.printAgainstFirst("the journal's folder, and what else writes", "CPU µs/line", perLine);
    }
}
