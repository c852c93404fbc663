package dev.warden.runs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * A local append-only file of the runs that are about to start, written before each rule starts.
 *
 * <p>Why: a run must be known to have started before its rule can act, or a crash would leave it QUEUED and it would
 * run twice. Waiting for a database commit per run capped throughput at workers / commit latency; an append to this
 * file costs microseconds and survives the process dying (it is in the OS page cache), so the RUNNING mark in the
 * database can be written asynchronously. After a restart, a QUEUED run listed here had started. The file rolls
 * over once the database holds every RUNNING mark its lines stand for. Thread-safe.
 */
final class StartJournal implements AutoCloseable {

    private static final long ROLL_BYTES = 8L * 1024 * 1024;

    private final Path file;
    private final long rollBytes;
    private final Path previous;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private FileChannel channel;

    StartJournal(Path file) {
        this(file, ROLL_BYTES);
    }

    StartJournal(Path file, long rollBytes) {
        this.file = file;
        this.rollBytes = rollBytes;
        this.previous = file.resolveSibling(file.getFileName() + ".previous");
        this.channel = open();
    }

    /** The runs recorded as started (this file and the one before a roll-over). */
    Set<String> started() {
        Set<String> ids = new HashSet<>();
        for (Path p : new Path[] {previous, file}) {
            try {
                if (Files.exists(p)) {
                    for (String line : Files.readAllLines(p, StandardCharsets.US_ASCII)) {
                        if (!line.isBlank()) {
                            ids.add(line.strip());
                        }
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the start journal " + p, e);
            }
        }
        return ids;
    }

    /** Forgets everything (after recovery has recorded what it needed in the database). */
    void clear() {
        lock.writeLock().lock();
        try {
            channel.truncate(0);
            Files.deleteIfExists(previous);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clear the start journal " + file, e);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * Records that the run starts, then hands its RUNNING mark to the store (both under one lock, so a roll-over
     * never separates the two).
     */
    void started(String runId, Runnable markRunning) {
        lock.readLock().lock();
        try {
            ByteBuffer line = ByteBuffer.wrap((runId + "\n").getBytes(StandardCharsets.US_ASCII));
            while (line.hasRemaining()) {
                channel.write(line);
            }
            markRunning.run();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the start journal " + file, e);
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Rolls over when the file is large: the current file becomes the previous one, and is deleted once
     * {@code barrier} (a commit queued after every RUNNING mark handed over so far) completes.
     */
    void rollIfLarge(Supplier<CompletableFuture<?>> barrier) {
        CompletableFuture<?> committed;
        lock.writeLock().lock();
        try {
            if (channel.size() < rollBytes || Files.exists(previous)) {
                return;
            }
            channel.close();
            Files.move(file, previous, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            channel = open();
            committed = barrier.get();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot roll the start journal " + file, e);
        } finally {
            lock.writeLock().unlock();
        }
        committed.thenRun(() -> {
            try {
                Files.deleteIfExists(previous);
            } catch (IOException ignored) {
                // Kept until the next roll-over or recovery: it only lists runs that are no longer QUEUED.
            }
        });
    }

    private FileChannel open() {
        try {
            Files.createDirectories(file.getParent());
            return FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the start journal " + file, e);
        }
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // Nothing was buffered: every line went to the OS when it was written.
        }
    }
}
