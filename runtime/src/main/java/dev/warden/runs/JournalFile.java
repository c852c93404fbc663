package dev.warden.runs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One file of the {@link RunJournal}, mapped into memory: an append reserves its bytes and copies them into the
 * mapping, with no system call. The bytes are in the OS page cache once copied, as a {@code write} puts them there,
 * so they survive the process dying (not the machine losing power; neither did the writes before).
 *
 * <p>Why: a {@code write} per line cost about 6 µs of CPU for a webhook's 5.5 KB line, 8 with four threads appending
 * at once, and a page first touched through a mapping about 15 µs (allocating it; on these VMs). So the file is filled
 * with zeros through the channel when it is created (cheap per page) and then reused: the journal zeroes a file whose
 * lines the database holds and appends to it again; an append then cost 1.5 µs, 3 with four threads
 * ({@code bench/run journal}; {@code bench/webhooks-history.md}, "The run journal mapped").
 *
 * <p>The file is as long as its capacity; past its lines it holds zeros, and so does a line's space reserved by a
 * process that died before copying it. Readers skip zeros: JSON text and run ids never contain a zero byte. A file
 * closed cleanly is cut to its lines.
 *
 * <p>Not synchronized: {@link RunJournal} holds its read lock around {@link #reserve} and {@link #put}, which are
 * thread-safe against each other, and its write lock around everything else, except while it zeroes a file nothing
 * appends to any more (under that file's monitor instead).
 */
final class JournalFile {

    private static final long PAGE = 4096;
    private static final int ZEROS = 1 << 20;

    private Path path;
    private final FileChannel channel;
    private Arena arena;
    private MemorySegment map;
    /** Where the next line goes: the bytes before it are lines (and holes), the bytes after are zeros. */
    private final AtomicLong end = new AtomicLong();

    private JournalFile(Path path, FileChannel channel) {
        this.path = path;
        this.channel = channel;
    }

    /**
     * Opens the file, or creates it, with room for at least {@code capacity} bytes; appends go after the last line it
     * holds (a file left by a process that died has zeros after its lines, one written before the journal was mapped
     * has none).
     */
    static JournalFile open(Path path, long capacity) {
        try {
            Files.createDirectories(path.getParent());
            FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            JournalFile file = new JournalFile(path, channel);
            try {
                long size = channel.size();
                file.map(Math.max(pages(capacity), pages(size)), size);
                file.end.set(file.lastNonZero(size) + 1);
            } catch (IOException | RuntimeException e) {
                file.unmap();
                channel.close();
                throw e;
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the run journal " + path + ": " + e.getMessage(), e);
        }
    }

    Path path() {
        return path;
    }

    /** Bytes up to where the next line goes. */
    long length() {
        return end.get();
    }

    /** Where {@code size} bytes may be put, or -1 when they do not fit (see {@link #grow}). */
    long reserve(int size) {
        long limit = map.byteSize();
        for (long at = end.get(); at + size <= limit; at = end.get()) {
            if (end.compareAndSet(at, at + size)) {
                return at;
            }
        }
        return -1;
    }

    /** Copies lines into the space {@link #reserve} returned. */
    void put(long at, byte[] lines) {
        MemorySegment.copy(lines, 0, map, ValueLayout.JAVA_BYTE, at, lines.length);
    }

    /** Makes room for {@code size} more bytes: at least doubles the file, filled with zeros first. */
    void grow(int size) {
        long needed = end.get() + size;
        if (needed <= map.byteSize()) {
            return;
        }
        try {
            long old = map.byteSize();
            Arena before = arena;
            map(pages(Math.max(old * 2, needed + needed / 4)), old);
            before.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot grow the run journal " + path + ": " + e.getMessage(), e);
        }
    }

    /**
     * Zeroes the lines, so that the file is empty for readers and appends start again at its beginning. Through the
     * channel: 16 MiB took about 2 ms so, and 3-11 ms through the mapping, which also made the next appends to those
     * pages several times dearer (on these VMs).
     */
    void zero() {
        try {
            writeZeros(0, end.get());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot zero the run journal " + path + ": " + e.getMessage(), e);
        }
        end.set(0);
    }

    /** Renames the file; the mapping stays (it maps the file, not its name). */
    void moveTo(Path target) {
        try {
            Files.move(path, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            path = target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move the run journal " + path + " to " + target + ": "
                    + e.getMessage(), e);
        }
    }

    /** Unmaps the file and cuts it to its lines, so that a journal closed cleanly holds no zeros. */
    void close() {
        try {
            unmap();
            channel.truncate(end.get());
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close the run journal " + path + ": " + e.getMessage(), e);
        }
    }

    /** Unmaps the file and deletes it (its lines are in the database). */
    void delete() {
        try {
            unmap();
            channel.close();
            Files.deleteIfExists(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the run journal " + path + ": " + e.getMessage(), e);
        }
    }

    private void unmap() {
        if (arena != null) {
            arena.close();
            arena = null;
        }
    }

    /** Fills the file with zeros from {@code from} to {@code capacity} through the channel, then maps all of it. */
    private void map(long capacity, long from) throws IOException {
        writeZeros(from, capacity);
        Arena next = Arena.ofShared();
        try {
            map = channel.map(FileChannel.MapMode.READ_WRITE, 0, capacity, next);
        } catch (IOException | RuntimeException e) {
            next.close();
            throw e;
        }
        arena = next;
    }

    private void writeZeros(long from, long to) throws IOException {
        ByteBuffer zeros = ByteBuffer.allocateDirect((int) Math.min(ZEROS, Math.max(1, to - from)));
        for (long at = from; at < to; at += zeros.capacity()) {
            zeros.clear().limit((int) Math.min(zeros.capacity(), to - at));
            while (zeros.hasRemaining()) {
                channel.write(zeros, at + zeros.position());
            }
        }
    }

    private long lastNonZero(long size) {
        long at = Math.min(size, map.byteSize()) - 1;
        for (; at >= 8 && map.get(ValueLayout.JAVA_LONG_UNALIGNED, at - 7) == 0; at -= 8) {
            // eight zero bytes at a time
        }
        for (; at >= 0 && map.get(ValueLayout.JAVA_BYTE, at) == 0; at--) {
            // the rest one by one
        }
        return at;
    }

    private static long pages(long bytes) {
        return Math.max(PAGE, (bytes + PAGE - 1) / PAGE * PAGE);
    }
}
