package dev.warden.runs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.warden.store.StoreException;

/**
 * A local append-only file of what the database does not hold yet: runs accepted by a webhook (before the answer)
 * and runs about to start (before their rule starts).
 *
 * <p>Why: an append costs microseconds and survives the process dying (it is in the OS page cache, as H2's commits
 * with {@code WRITE_DELAY 0} are), while waiting for a database commit per request or per run capped throughput at
 * the commit rate. The database then catches up by group commit ({@link RunWriter}). After a crash, an accepted run
 * missing from the database is stored QUEUED, and a QUEUED run listed as started is failed, never run twice. An
 * append is a copy into the file mapped in memory, not a system call ({@link JournalFile}).
 *
 * <p>The file rolls over once it holds {@code rollBytes}: it becomes the previous file, and once the database holds
 * everything its lines stand for (a barrier commit), it is zeroed and kept as the spare, which the next roll-over
 * takes as the new file, so that the same pages are written again instead of new ones allocated. Lines are JSON
 * objects (accepted runs, and ends the writer holds back) or bare run ids (started runs); a torn line after a crash is
 * skipped, and so are zeros. Thread-safe.
 */
final class RunJournal implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RunJournal.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long ROLL_BYTES = 16L * 1024 * 1024;

    /** A run as accepted, with the JSON of the request's headers and query (or null). */
    record AcceptedRun(Run run, String eventMeta) {
    }

    /** What the journal lists: accepted runs in order, the ids of started runs, and ends not yet stored. */
    record Entries(List<AcceptedRun> accepted, Set<String> started, Map<String, RunWrite.Finish> ended) {

        static Entries none() {
            return new Entries(List.of(), Set.of(), Map.of());
        }
    }

    private final Path file;
    private final long rollBytes;
    /** Room in a new file: a quarter above the roll-over size, for the lines appended while it rolls. */
    private final long capacity;
    private final Path previous;
    /** A zeroed file kept for the next roll-over; never read (what it held is in the database). */
    private final Path spareName;
    /** The file of the versions before the accepted runs were journaled too; read and cleared at recovery. */
    private final Path legacy;
    /** Appends hold the read lock (they reserve disjoint bytes), roll-overs and growth the write lock. */
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private volatile JournalFile current;
    /** This process's previous file while its barrier is pending. */
    private volatile JournalFile retired;
    private JournalFile spare;
    private volatile boolean pinned;
    /** A previous file whose barrier completed while the journal was pinned: recycled when it is unpinned. */
    private volatile JournalFile kept;
    /** The length at which the current file rolls over: {@code rollBytes}, or more after a roll-over failed. */
    private volatile long rollAt;

    RunJournal(Path file) {
        this(file, ROLL_BYTES);
    }

    RunJournal(Path file, long rollBytes) {
        this.file = file;
        this.rollBytes = rollBytes;
        this.capacity = rollBytes + rollBytes / 4;
        this.rollAt = rollBytes;
        this.previous = file.resolveSibling(file.getFileName() + ".previous");
        this.spareName = file.resolveSibling(file.getFileName() + ".spare");
        this.legacy = file.resolveSibling("started-runs.log");
        try {
            Files.deleteIfExists(spareName);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the spare run journal " + spareName, e);
        }
        this.current = JournalFile.open(file, capacity);
    }

    /** Everything listed (this file, the one before a roll-over, and a legacy start journal). */
    Entries read() {
        return read(List.of());
    }

    /**
     * Everything listed, {@code before} first: the files of a journal an earlier start kept in another folder
     * ({@link JournalFolder#formerFiles}).
     */
    Entries read(List<Path> before) {
        Map<String, AcceptedRun> accepted = new LinkedHashMap<>();
        Set<String> started = new HashSet<>();
        Map<String, RunWrite.Finish> ended = new java.util.HashMap<>();
        List<Path> files = new ArrayList<>(before);
        files.addAll(List.of(legacy, previous, file));
        for (Path p : files) {
            try {
                if (!Files.exists(p)) {
                    continue;
                }
                for (String text : lines(Files.readAllBytes(p))) {
                    if (text.startsWith("{\"end\":")) {
                        RunWrite.Finish end = parseEnd(text, p);
                        if (end != null) {
                            ended.put(end.id(), end);
                        }
                    } else if (text.startsWith("{")) {
                        AcceptedRun run = parse(text, p);
                        if (run != null) {
                            accepted.put(run.run().id(), run);
                        }
                    } else if (!text.isEmpty()) {
                        started.add(text);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the run journal " + p, e);
            }
        }
        return new Entries(List.copyOf(accepted.values()), started, ended);
    }

    /** The file's lines, stripped: split at line breaks and at zeros (where nothing was written), empty ones left out. */
    private static List<String> lines(byte[] all) {
        List<String> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= all.length; i++) {
            if (i == all.length || all[i] == '\n' || all[i] == 0) {
                if (i > start) {
                    String text = new String(all, start, i - start, StandardCharsets.UTF_8).strip();
                    if (!text.isEmpty()) {
                        lines.add(text);
                    }
                }
                start = i + 1;
            }
        }
        return lines;
    }

    /**
     * Stops roll-overs until the next recovery: an accepted run the database could not store is then still listed
     * at the next start, and stored by it.
     */
    void pin() {
        pinned = true;
    }

    /**
     * Allows roll-overs again, once the runs the database had refused are stored (from the journal, while Warden
     * runs); a previous file kept meanwhile is recycled now.
     */
    void unpin() {
        pinned = false;
        JournalFile previousFile = kept;
        kept = null;
        if (previousFile != null) {
            recycle(previousFile);
        }
    }

    /** The ids of the runs listed as started. */
    Set<String> started() {
        return read().started();
    }

    /** Forgets everything (after recovery has recorded what it needed in the database). */
    void clear() {
        lock.writeLock().lock();
        try {
            pinned = false;
            kept = null;
            current.zero();
            dropRetired();
            Files.deleteIfExists(previous);
            Files.deleteIfExists(legacy);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clear the run journal " + file, e);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * Records runs as accepted, then hands their insert to the store (both under one lock, so a roll-over never
     * separates the two); returns what the hand-off returned.
     */
    <T> T accepted(List<Run> runs, String eventMeta, Supplier<T> handOff) {
        if (runs.size() == 1) {
            return append(lineBytes(runs.getFirst(), eventMeta), handOff);
        }
        List<byte[]> each = runs.stream().map(run -> lineBytes(run, eventMeta)).toList();
        byte[] lines = new byte[each.stream().mapToInt(line -> line.length).sum()];
        int at = 0;
        for (byte[] line : each) {
            System.arraycopy(line, 0, lines, at, line.length);
            at += line.length;
        }
        return append(lines, handOff);
    }

    /**
     * Records that the run starts, then hands its RUNNING mark to the store (both under one lock, so a roll-over
     * never separates the two).
     */
    void started(String runId, Runnable markRunning) {
        append((runId + "\n").getBytes(StandardCharsets.UTF_8), () -> {
            markRunning.run();
            return null;
        });
    }

    /**
     * Records how a run ended, then hands the end to the store (both under one lock); for ends the writer may hold
     * back, so that a crash meanwhile does not turn a run that ended into an interrupted one.
     */
    <T> T ended(RunWrite.Finish end, Supplier<T> handOff) {
        return append(endBytes(end), handOff);
    }

    /** The line {@link #ended} writes, without its line break. */
    static String endLine(RunWrite.Finish end) {
        byte[] line = endBytes(end);
        return new String(line, 0, line.length - 1, StandardCharsets.UTF_8);
    }

    private static byte[] endBytes(RunWrite.Finish end) {
        StringBuilder head = new StringBuilder(128).append("{\"end\":");
        JsonText.string(head, end.id()).append(",\"status\":");
        JsonText.string(head, end.status().name()).append(",\"startedAt\":")
                .append(end.startedAt() == null ? "null" : String.valueOf(end.startedAt().toEpochMilli()))
                .append(",\"finishedAt\":").append(end.at().toEpochMilli());
        Map<String, String> raw = new LinkedHashMap<>();
        raw.put("result", end.result());
        raw.put("error", end.error());
        raw.put("logs", end.logs());
        return splice(head, raw);
    }

    /** Appends whole lines, each ending with a line break. */
    private <T> T append(byte[] lines, Supplier<T> handOff) {
        lock.readLock().lock();
        try {
            // The bytes are reserved for this call: appends of other threads never land inside it.
            long at = current.reserve(lines.length);
            while (at < 0) {
                // Full (a roll-over waits for its barrier, or the journal is pinned): a larger file, under the write
                // lock, which is then downgraded.
                lock.readLock().unlock();
                lock.writeLock().lock();
                try {
                    current.grow(lines.length);
                } finally {
                    lock.readLock().lock();
                    lock.writeLock().unlock();
                }
                at = current.reserve(lines.length);
            }
            current.put(at, lines);
            return handOff.get();
        } catch (UncheckedIOException e) {
            throw new StoreException("cannot write the run journal " + file + ": " + e.getCause().getMessage(), e);
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Rolls over when the file is large: the current file becomes the previous one, and is zeroed and kept as the
     * spare once {@code barrier} (a commit queued after every write handed over so far) completes.
     */
    void rollIfLarge(Supplier<CompletableFuture<?>> barrier) {
        // Called after every run: below the size, no lock and no file system call.
        if (pinned || current.length() < rollAt) {
            return;
        }
        CompletableFuture<?> committed;
        JournalFile rolled;
        lock.writeLock().lock();
        try {
            if (pinned || current.length() < rollAt || retired != null || Files.exists(previous)) {
                return;
            }
            JournalFile next;
            try {
                next = spare != null ? spare : JournalFile.open(spareName, capacity);
            } catch (UncheckedIOException e) {
                rollFailed(e);
                return;
            }
            try {
                current.moveTo(previous);
                // If this fails, the current file goes on under the previous file's name, which recovery reads as
                // well; no roll-over happens while that name is taken.
                next.moveTo(file);
            } catch (UncheckedIOException e) {
                spare = next;
                rollFailed(e);
                return;
            }
            spare = null;
            rollAt = rollBytes;
            rolled = current;
            retired = rolled;
            current = next;
            committed = barrier.get();
        } finally {
            lock.writeLock().unlock();
        }
        committed.thenRun(() -> recycle(rolled));
    }

    /**
     * A roll-over that failed (the disk full, say) leaves the current file growing, and is tried again once it has
     * grown by the roll-over size: nothing appended is lost, and runs do not each retry it.
     */
    private void rollFailed(UncheckedIOException e) {
        rollAt = current.length() + rollBytes;
        LOG.warn("the run journal {} could not roll over ({}); it goes on growing, and the roll-over is tried again "
                + "after {} more bytes", file, e.getMessage(), rollBytes);
    }

    /**
     * Zeroes a previous file whose lines the database holds and keeps it as the spare; deletes it instead if there is a
     * spare already or it could not be zeroed or renamed; keeps it as it is while the journal is pinned (a barrier
     * writes nothing, so it completes even when writes before it failed). Zeroed outside the lock: nothing appends
     * to it any more.
     */
    private void recycle(JournalFile rolled) {
        boolean zeroed;
        synchronized (rolled) {
            if (retired != rolled) {
                return; // cleared or closed meanwhile
            }
            if (pinned) {
                // A write the database refused since (or before) the roll-over: its line may be in this file, which
                // the next start must read. Kept as the previous file until then.
                LOG.warn("the run journal file {} is kept: runs in it could not be stored yet; they are stored once "
                        + "the database takes writes again, or at the next start", rolled.path());
                kept = rolled;
                return;
            }
            zeroed = attempt(rolled::zero, "zero", rolled);
        }
        lock.writeLock().lock();
        try {
            if (retired != rolled) {
                return;
            }
            retired = null;
            if (zeroed && spare == null && attempt(() -> rolled.moveTo(spareName), "keep as the spare", rolled)) {
                spare = rolled;
                return;
            }
            // Until it is gone, no roll-over happens; if it stays, the next start reads it (its runs are stored).
            attempt(rolled::delete, "delete", rolled);
        } finally {
            lock.writeLock().unlock();
        }
    }

    private static boolean attempt(Runnable step, String what, JournalFile file) {
        try {
            step.run();
            return true;
        } catch (UncheckedIOException e) {
            LOG.warn("could not {} the run journal file {}: {}", what, file.path(), e.getMessage());
            return false;
        }
    }

    /** Deletes this process's previous file (its lines are in the database); under the write lock. */
    private void dropRetired() {
        if (retired != null) {
            synchronized (retired) {
                retired.delete();
                retired = null;
            }
        }
    }

    /** One line: the run's fields, then its event meta and input as they are (see {@link #splice}). */
    static String line(Run run, String eventMeta) {
        byte[] line = lineBytes(run, eventMeta);
        return new String(line, 0, line.length - 1, StandardCharsets.UTF_8);
    }

    /** {@link #line} as written: UTF-8, with its line break. */
    private static byte[] lineBytes(Run run, String eventMeta) {
        StringBuilder head = new StringBuilder(160).append("{\"id\":");
        JsonText.string(head, run.id()).append(",\"rule\":");
        JsonText.string(head, run.rule()).append(",\"file\":");
        JsonText.string(head, run.file()).append(",\"fileVersion\":");
        JsonText.string(head, run.fileVersion()).append(",\"trigger\":{\"type\":");
        RunTrigger trigger = run.trigger();
        JsonText.string(head, trigger.type());
        if (trigger.name() != null) {
            JsonText.string(head.append(",\"name\":"), trigger.name());
        }
        if (trigger.scheduledFor() != null) {
            JsonText.string(head.append(",\"scheduledFor\":"), trigger.scheduledFor().toString());
        }
        if (trigger.catchUp() != null) {
            head.append(",\"catchUp\":").append(trigger.catchUp().booleanValue());
        }
        if (trigger.replayOf() != null) {
            JsonText.string(head.append(",\"replayOf\":"), trigger.replayOf());
        }
        head.append("},\"createdAt\":").append(run.createdAt().toEpochMilli());
        Map<String, String> raw = new LinkedHashMap<>();
        raw.put("eventMeta", eventMeta);
        raw.put("input", run.input());
        return splice(head, raw);
    }

    /**
     * A JSON object on one line, as UTF-8 with its line break: {@code head} (the object's first members, without its
     * closing brace), then the {@code raw} values (JSON text already, an input up to megabytes) spliced in as they
     * are, since escaping them into strings cost more than the rest of a request. JSON text has line breaks only
     * between tokens, so replacing them with spaces keeps it the same JSON. Each raw value is encoded once and copied
     * once (a webhook's input used to be copied four times on its way to the file).
     */
    private static byte[] splice(StringBuilder head, Map<String, String> raw) {
        byte[] json = head.toString().getBytes(StandardCharsets.UTF_8);
        byte[][] parts = new byte[raw.size() * 2][];
        int size = json.length + 2;
        int i = 0;
        for (Map.Entry<String, String> field : raw.entrySet()) {
            parts[i] = (",\"" + field.getKey() + "\":").getBytes(StandardCharsets.UTF_8);
            parts[i + 1] = oneLine(field.getValue()).getBytes(StandardCharsets.UTF_8);
            size += parts[i].length + parts[i + 1].length;
            i += 2;
        }
        byte[] line = new byte[size];
        System.arraycopy(json, 0, line, 0, json.length);
        int at = json.length;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, line, at, part.length);
            at += part.length;
        }
        line[at] = '}';
        line[at + 1] = '\n';
        return line;
    }

    private static String oneLine(String json) {
        if (json == null) {
            return "null";
        }
        return json.indexOf('\n') < 0 && json.indexOf('\r') < 0 ? json : json.replace('\n', ' ').replace('\r', ' ');
    }

    static AcceptedRun parse(String line, Path from) {
        return read(line, from, Set.of("input", "eventMeta"), (head, raw) -> {
            JsonNode t = head.get("trigger");
            RunTrigger trigger = new RunTrigger(t.get("type").asText(), text(t, "name"),
                    t.hasNonNull("scheduledFor") ? Instant.parse(t.get("scheduledFor").asText()) : null,
                    t.hasNonNull("catchUp") ? t.get("catchUp").asBoolean() : null, text(t, "replayOf"));
            Run run = new Run(head.get("id").asText(), head.get("rule").asText(), text(head, "file"),
                    text(head, "fileVersion"), trigger, RunStatus.QUEUED,
                    Instant.ofEpochMilli(head.get("createdAt").asLong()), null, null, raw.get("input"), null, null,
                    null);
            return new AcceptedRun(run, raw.get("eventMeta"));
        });
    }

    static RunWrite.Finish parseEnd(String line, Path from) {
        return read(line, from, Set.of("result", "error", "logs"), (head, raw) -> {
            JsonNode started = head.get("startedAt");
            return new RunWrite.Finish(head.get("end").asText(), RunStatus.valueOf(head.get("status").asText()),
                    started == null || started.isNull() ? null : Instant.ofEpochMilli(started.asLong()),
                    Instant.ofEpochMilli(head.get("finishedAt").asLong()), raw.get("result"), raw.get("error"),
                    raw.get("logs"));
        });
    }

    /**
     * Reads a line written by {@link #splice}: the {@code raw} fields as the text they were written as, the others
     * as a tree. Null, with a warning, for a line that cannot be read (the last line of a file written when the
     * process died can be cut short).
     */
    private static <T> T read(String line, Path from, Set<String> rawFields,
                              java.util.function.BiFunction<ObjectNode, Map<String, String>, T> build) {
        try (JsonParser p = JSON.getFactory().createParser(line)) {
            Map<String, String> raw = new java.util.HashMap<>();
            ObjectNode head = JSON.createObjectNode();
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("not a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if (rawFields.contains(field)) {
                    raw.put(field, rawValue(p, value, line));
                } else {
                    head.set(field, JSON.readTree(p));
                }
            }
            if (p.currentToken() != JsonToken.END_OBJECT) {
                throw new IOException("the line ends early");
            }
            return build.apply(head, raw);
        } catch (IOException | RuntimeException e) {
            LOG.warn("skipping an unreadable line of the run journal {} ({} characters): {}", from, line.length(),
                    e.getMessage());
            return null;
        }
    }

    /** The value the parser is at, as the text it was written as (null for JSON null). */
    private static String rawValue(JsonParser p, JsonToken value, String line) throws IOException {
        int start = (int) p.currentTokenLocation().getCharOffset();
        if (value.isScalarValue()) {
            p.getText(); // reads a string token to its end (Jackson reads strings lazily)
        }
        p.skipChildren();
        int end = (int) p.currentLocation().getCharOffset();
        return value == JsonToken.VALUE_NULL ? null : line.substring(start, end);
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    /**
     * Unmaps the files: the current one and a previous one whose barrier is pending are cut to their lines (read at
     * the next start), the spare is deleted.
     */
    @Override
    public void close() {
        lock.writeLock().lock();
        try {
            // Nothing is lost if a step fails: every line is in the page cache since it was copied.
            attempt(current::close, "close", current);
            JournalFile previousFile = retired;
            if (previousFile != null) {
                synchronized (previousFile) {
                    attempt(previousFile::close, "close", previousFile);
                    retired = null;
                }
            }
            if (spare != null) {
                attempt(spare::delete, "delete", spare);
                spare = null;
            }
        } finally {
            lock.writeLock().unlock();
        }
    }
}
