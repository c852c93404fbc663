package dev.warden.runs;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

/**
 * The run journal as the benchmarks drive it: {@link RunJournal} is package-private, so this class sits in its package
 * (in the bench module only). Each line is appended as a start line, whose text is the caller's, and is followed by
 * the roll-over check a worker makes after every run, with a barrier that is stored at once; so the journal rolls
 * over, zeroes and reuses its files as it does in a server whose database keeps up.
 */
public final class JournalForBench implements AutoCloseable {

    private static final CompletableFuture<Void> STORED = CompletableFuture.completedFuture(null);

    private final RunJournal journal;

    public JournalForBench(Path file) {
        this.journal = new RunJournal(file);
    }

    /** Appends {@code text} and a line break, as the line of a run that starts. */
    public void append(String text) {
        journal.started(text, () -> { });
        journal.rollIfLarge(() -> STORED);
    }

    @Override
    public void close() {
        journal.close();
    }
}
