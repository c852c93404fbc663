package dev.warden.runs;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.warden.store.StoreException;

/**
 * The folder the run journal lives in ({@code paths.journal}, the data folder unless set), held by this process.
 *
 * <p>Two things make a journal folder safe to choose. A lock ({@code run-journal.lock}) held while Warden runs: two
 * Wardens appending to one journal would each recover the other's runs as their own. And a record in the data folder
 * ({@code run-journal.location}) of the folder the journal was in: a start whose journal moved (the setting changed,
 * or was set for the first time) first reads the journal left at the old place, so runs accepted before a crash are
 * not lost by the move. Lifecycle: {@link #open}, recovery reads {@link #formerFiles} with the journal's own, then
 * {@link #settled}, and {@link #close} at the end.
 */
final class JournalFolder implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(JournalFolder.class);
    static final String JOURNAL = "run-journal.log";
    static final String LOCK = "run-journal.lock";
    static final String LOCATION = "run-journal.location";
    /** The record's second line: the data folder it was written in. */
    private static final String DATA_PREFIX = "data: ";

    private final Path folder;
    private final Path record;
    private final Held held;
    /** The folder of the journal an earlier start left elsewhere, held while it is read; null when none. */
    private Held former;

    private record Held(Path folder, FileChannel channel, FileLock lock) {

        void release() {
            try {
                lock.release();
                channel.close();
            } catch (IOException e) {
                LOG.debug("releasing the run journal lock in {}: {}", folder, e.getMessage());
            }
        }
    }

    private JournalFolder(Path folder, Path record, Held held, Held former) {
        this.folder = folder;
        this.record = record;
        this.held = held;
        this.former = former;
    }

    /**
     * Creates and locks the journal's folder, and finds the one an earlier start used.
     *
     * @throws StoreException when another process holds the folder, or it cannot be created
     */
    static JournalFolder open(Path dataDir, Path journalDir) {
        Path folder = journalDir.toAbsolutePath().normalize();
        try {
            Files.createDirectories(folder);
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new StoreException("cannot create the run journal's folder " + folder + ": " + e.getMessage(), e);
        }
        Held held = lock(folder);
        if (held == null) {
            throw new StoreException("the run journal in " + folder + " is in use by another Warden: give "
                    + "each Warden its own paths.journal (WARDEN_JOURNAL_DIR) and paths.data", null);
        }
        Path record = dataDir.resolve(LOCATION);
        Path before = recorded(record, dataDir);
        Held former = null;
        if (!before.equals(folder) && Files.exists(before.resolve(JOURNAL))) {
            try {
                former = lock(before);
                if (former == null) {
                    LOG.warn("the run journal an earlier start kept in {} is in use by another Warden; its runs "
                            + "are left to it", before);
                } else {
                    LOG.info("the run journal moved from {} to {}: runs listed at the old place are recovered",
                            before, folder);
                }
            } catch (StoreException e) {
                LOG.warn("{}; the run journal an earlier start kept there is not read", e.getMessage());
            }
        }
        return new JournalFolder(folder, record, held, former);
    }

    /**
     * The folder named in the record, or the data folder (where versions without the setting kept the journal).
     *
     * <p>The record also names the data folder it was written in. When that is another folder, this data folder is
     * a copy of it, or it was moved: a journal that was inside the old data folder is looked for at the same place
     * inside this one (it came along), and one outside it is left alone, since it may still be the original's, whose
     * runs a copy must not take.
     */
    private static Path recorded(Path record, Path dataDir) {
        Path here = dataDir.toAbsolutePath().normalize();
        try {
            if (Files.exists(record)) {
                List<String> lines = Files.readAllLines(record, StandardCharsets.UTF_8);
                String text = lines.isEmpty() ? "" : lines.getFirst().strip();
                if (!text.isEmpty()) {
                    Path journal = Path.of(text).toAbsolutePath().normalize();
                    Path writtenIn = lines.stream().filter(l -> l.startsWith(DATA_PREFIX)).findFirst()
                            .map(l -> Path.of(l.substring(DATA_PREFIX.length()).strip()).toAbsolutePath().normalize())
                            .orElse(here);
                    if (writtenIn.equals(here)) {
                        return journal;
                    }
                    if (journal.startsWith(writtenIn)) {
                        return here.resolve(writtenIn.relativize(journal)).normalize();
                    }
                    LOG.warn("this data folder was copied or moved from {}; the run journal that folder kept in {} "
                            + "is left alone (if the data folder was moved, set paths.journal to that folder)",
                            writtenIn, journal);
                    return here;
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot read {} ({}); looking for an earlier run journal in the data folder", record,
                    e.getMessage());
        }
        return dataDir.toAbsolutePath().normalize();
    }

    /** Locks {@link #LOCK} in the folder for this process; null when another process (or this one) holds it. */
    private static Held lock(Path folder) {
        FileChannel channel = null;
        try {
            channel = FileChannel.open(folder.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock != null) {
                return new Held(folder, channel, lock);
            }
        } catch (OverlappingFileLockException e) {
            // Held by this process already: another Warden in the same JVM.
        } catch (IOException e) {
            throw new StoreException("cannot lock the run journal's folder " + folder + ": " + e.getMessage(), e);
        }
        try {
            channel.close();
        } catch (IOException e) {
            LOG.debug("closing {}: {}", folder.resolve(LOCK), e.getMessage());
        }
        return null;
    }

    /** The journal file in this folder. */
    Path journal() {
        return folder.resolve(JOURNAL);
    }

    /** The files of the journal an earlier start left in another folder, to be read before this folder's. */
    List<Path> formerFiles() {
        if (former == null) {
            return List.of();
        }
        List<Path> files = new ArrayList<>();
        for (String name : List.of("started-runs.log", JOURNAL + ".previous", JOURNAL)) {
            files.add(former.folder().resolve(name));
        }
        return files;
    }

    /**
     * Once recovery has stored what the journals listed: deletes the one left in another folder and records this
     * folder as the journal's. In that order, so that a crash in between loses nothing. A step that fails is logged
     * and the start goes on: the next start reads the old journal again, and recovery stores nothing twice (it
     * inserts only runs the database lacks).
     */
    void settled() {
        if (former != null) {
            try {
                for (Path file : formerFiles()) {
                    Files.deleteIfExists(file);
                }
                Files.deleteIfExists(former.folder().resolve(JOURNAL + ".spare"));
            } catch (IOException e) {
                LOG.warn("cannot delete the earlier run journal in {} ({}); the next start reads it again",
                        former.folder(), e.getMessage());
            }
            former.release();
            former = null;
        }
        try {
            String text = folder + "\n" + DATA_PREFIX + record.getParent().toAbsolutePath().normalize() + "\n";
            if (!Files.exists(record) || !Files.readString(record, StandardCharsets.UTF_8).equals(text)) {
                Path temp = record.resolveSibling(LOCATION + ".tmp");
                Files.writeString(temp, text, StandardCharsets.UTF_8);
                Files.move(temp, record, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (IOException e) {
            LOG.warn("cannot record the run journal's folder in {} ({})", record, e.getMessage());
        }
    }

    @Override
    public void close() {
        if (former != null) {
            former.release();
            former = null;
        }
        held.release();
    }
}
