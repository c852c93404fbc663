package dev.warden.runs;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import java.util.function.Predicate;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import dev.warden.config.EngineConfig;
import dev.warden.engine.IndexedJson;
import dev.warden.engine.RuleEngine;
import dev.warden.engine.RunError;
import dev.warden.rules.LoadedRule;
import dev.warden.rules.RuleCatalog;
import dev.warden.store.StoreException;

/**
 * Where every trigger becomes a run: persisted QUEUED (by group commit, {@link RunWriter}) before it is accepted,
 * executed by a bounded pool of workers ({@link RunQueue}), recorded again when it starts and when it ends.
 *
 * <p>A full queue refuses before anything is written, and an accepted run is never dropped: runs left QUEUED by a
 * stop or a crash run after the next start ({@link #recover()}).
 *
 * <p>Lifecycle: construct, {@link #recover()} once at start-up, submit runs, {@link #close()}. Thread-safe.
 */
public final class RunService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RunService.class);
    /** How long an acceptance waits for a run writer that is far behind before it answers QUEUE_FULL (429). */
    private static final long WRITER_WAIT_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(2);
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private final RuleCatalog catalog;
    private final RunStore store;
    private final RunWriter writer;
    private final RunRequests requests;
    private final RunQueue queue;
    private final JournalFolder journalFolder;
    private final RunJournal journal;
    private final Clock clock;
    private volatile boolean journaling = true;
    private volatile boolean open = true;
    private boolean recovered;
    /** Journaled runs a write of which the database refused, until they are stored from the journal. */
    private final java.util.Set<String> unstored = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /**
     * @param clock read for every time a run records, in whole milliseconds (the precision the store keeps)
     * @param dataDir this Warden's data folder (the same at every start), where the run journal lives
     */
    public RunService(RuleCatalog catalog, RuleEngine engine, RunStore store, EngineConfig config, Clock clock,
                      Path dataDir) {
        this(catalog, engine, store, config, clock, dataDir, dataDir);
    }

    /**
     * @param journalDir where the run journal lives ({@code paths.journal}); a journal an earlier start left in
     *                   another folder is recovered from there ({@link JournalFolder})
     */
    public RunService(RuleCatalog catalog, RuleEngine engine, RunStore store, EngineConfig config, Clock clock,
                      Path dataDir, Path journalDir) {
        this(catalog, engine, store, config, clock, dataDir, journalDir, RunWriter.MAX_PENDING);
    }

    /** @param maxPending run writes that may wait for the database before acceptance waits (tests set it low) */
    RunService(RuleCatalog catalog, RuleEngine engine, RunStore store, EngineConfig config, Clock clock,
               Path dataDir, int maxPending) {
        this(catalog, engine, store, config, clock, dataDir, dataDir, maxPending);
    }

    private RunService(RuleCatalog catalog, RuleEngine engine, RunStore store, EngineConfig config, Clock clock,
                       Path dataDir, Path journalDir, int maxPending) {
        // Every time a run carries (created, started, finished) is read in whole milliseconds: the database and the
        // run journal keep milliseconds, and a run id's time is its created_at's millisecond, so an answer built from
        // the run in memory (run now, wait mode) shows the times the stored run has.
        Clock millis = Clock.tick(clock, Duration.ofMillis(1));
        this.catalog = catalog;
        this.store = store;
        // First: a folder another Warden holds stops the start before anything of this one runs.
        this.journalFolder = JournalFolder.open(dataDir, journalDir);
        try {
            this.journal = new RunJournal(journalFolder.journal());
        } catch (RuntimeException e) {
            journalFolder.close();
            throw e;
        }
        this.writer = new RunWriter(store.dataSource(), store.instanceId(), maxPending, millis);
        this.requests = new RunRequests(store.dataSource(), store, millis);
        // A journaled run the database refused stays listed (no roll-over drops it), and is stored from the journal
        // once the database takes writes again, or at the next start.
        writer.whenJournaledWriteFails(write -> {
            journal.pin();
            unstored.addAll(RunWriter.runIds(write));
        });
        writer.whenStoreIsBack(this::storeUnstored);
        this.queue = new RunQueue(catalog, engine, store, writer, journal, config, millis);
        this.clock = millis;
    }

    /**
     * Whether a worker waits for its RUNNING mark to commit before starting the rule, and skips the run when another
     * instance claimed it meanwhile; set when several instances share the database (a clustered scheduler).
     */
    public void confirmStarts(boolean confirm) {
        queue.confirmStarts(confirm);
        // Another instance could not see runs that only this instance's journal lists.
        journaling = !confirm;
    }

    /** Where runs that declared {@code adminKey} get their lease; without one such runs fail before starting. */
    public void useLeases(dev.warden.leases.LeaseManager leaseManager) {
        queue.useLeases(leaseManager);
    }

    /**
     * Accepts a run of the rule with the event's body as input; persisted QUEUED before this returns.
     *
     * @throws RunRejectedException when the rule does not exist or the queue is full
     */
    public Run submit(String ruleId, TriggerEvent event) {
        return submit(ruleId, event, null).runs().getFirst();
    }

    /** As {@link #submit(String, TriggerEvent)}, once per idempotency key (null for none) within 24 h. */
    public Accepted submit(String ruleId, TriggerEvent event, RequestKey key) {
        LoadedRule rule = catalog.rule(ruleId);
        if (rule == null) {
            throw new RunRejectedException(RunRejectedException.Reason.UNKNOWN_RULE, "no rule with id '" + ruleId
                    + "' is loaded");
        }
        return accept(List.of(rule), event, json(event.body()), key);
    }

    /**
     * Accepts one run of each rule for the same event. They are persisted QUEUED in one transaction, with the
     * idempotency key if any, before this returns; then they are queued.
     *
     * @param inputJson the event body as JSON text, stored whole as the runs' input
     * @param key the request's idempotency key, or null; a key seen within 24 h answers with that request's runs
     * @throws RunRejectedException QUEUE_FULL when the queue has no room for all of them (nothing is stored)
     * @throws StoreException when the runs could not be stored (nothing is accepted)
     */
    public Accepted accept(List<LoadedRule> rules, TriggerEvent event, String inputJson, RequestKey key) {
        return accept(rules, event, inputJson, null, key);
    }

    /**
     * As {@link #accept(List, TriggerEvent, String, RequestKey)}, the input as it was checked on arrival: the runs'
     * rules then parse only what they read of it.
     */
    public Accepted accept(List<LoadedRule> rules, TriggerEvent event, IndexedJson input, RequestKey key) {
        return accept(rules, event, input == null ? null : input.text(), input, key);
    }

    private Accepted accept(List<LoadedRule> rules, TriggerEvent event, String inputJson, IndexedJson input,
                            RequestKey key) {
        if (key == null) {
            return persist(rules, event, inputJson, input, null);
        }
        RequestKey withInput = key.forInput(inputJson);
        return requests.once(withInput, () -> persist(rules, event, inputJson, input, withInput));
    }

    /**
     * Accepts one run of each rule for the same event, as {@link #accept} does without a key, but persisted by an
     * append to the local run journal before this returns; the database holds them a group commit later (reads
     * through this service wait for that). Used for webhooks, where a commit per request would cap throughput. When
     * several instances share the database, runs are committed to it before this returns instead, so every
     * instance sees them.
     *
     * @param input the event body as checked on arrival, or null: its text is stored whole as the runs' input, and
     *              their rules parse only what they read of it
     * @throws RunRejectedException QUEUE_FULL when the queue has no room for all of them (nothing is stored)
     * @throws StoreException when the runs could not be journaled (nothing is accepted)
     */
    public Accepted acceptJournaled(List<LoadedRule> rules, TriggerEvent event, IndexedJson input) {
        String inputJson = input == null ? null : input.text();
        if (!journaling || writer.failing()) {
            // While the database refuses writes, a commit before the answer turns the request away (503).
            return persist(rules, event, inputJson, input, null);
        }
        awaitWriterRoom();
        List<Run> runs = reserve(rules, event, inputJson);
        String meta = RunEvents.meta(event);
        Instant now = runs.getFirst().createdAt();
        CompletableFuture<Boolean> stored;
        try {
            stored = journal.accepted(runs, meta, () -> writer.writeLater(new RunWrite.Insert(runs, meta, null, now)));
        } catch (RuntimeException e) {
            queue.release(runs.size());
            throw e;
        }
        stored.whenComplete((ok, e) -> {
            if (e != null) {
                // The writer pinned the journal before failing the write (whenJournaledWriteFails).
                LOG.error("runs {} were accepted and journaled but could not be stored in the database; they run "
                        + "now, and are stored from the journal once the database takes writes again, or at the next "
                        + "start", runs.stream()
                        .map(Run::id).toList(), e);
            }
        });
        for (Run run : runs) {
            queue.enqueue(run, event, input, stored, true);
        }
        return new Accepted(runs, false);
    }

    /**
     * Holds a journaled acceptance while the run writer is far behind (see {@link RunWriter#awaitRoom}), so that runs
     * accepted faster than they are stored wait in their callers, not in the heap; turns it away after a while,
     * asking the caller to retry once the writes waiting would have been stored at the recent rate.
     */
    private void awaitWriterRoom() {
        boolean room;
        try {
            room = writer.awaitRoom(WRITER_WAIT_NANOS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            room = false;
        }
        if (!room) {
            Throughput.Backlog backlog = writer.backlog();
            throw new RunRejectedException(RunRejectedException.Reason.QUEUE_FULL, "the run store is behind ("
                    + backlog.size() + " writes waiting to be stored); nothing was started: "
                    + backlog.describe("writes", "no write was stored", "writes/s"), backlog.retryAfterSeconds());
        }
    }

    /** The run as stored, once every run accepted so far is in the database. */
    public Optional<Run> get(String runId) {
        awaitStored();
        return store.get(runId);
    }

    /**
     * The event a replay of {@code past} runs with: the past run's event as its rule received it (trigger, input,
     * a webhook's headers and query, a scheduled run's fire time), fired now, with {@code replayOf} naming it.
     */
    public TriggerEvent replayEvent(Run past) {
        return RunEvents.replay(past, store.eventMeta(past.id()), clock.instant());
    }

    /** The runs with these ids, as {@link #get} sees them. */
    public List<Run> getAll(List<String> runIds) {
        awaitStored();
        return store.getAll(runIds);
    }

    /** How many runs are stored, once every run accepted so far is in the database. */
    public long count() {
        awaitStored();
        return store.count();
    }

    /** A page of runs, once every run accepted so far is in the database. */
    public List<Run> list(RunQuery query) {
        awaitStored();
        return store.list(query);
    }

    /**
     * Waits until the writes the run writer holds back (journaled runs, their starts and ends) are in the database:
     * one group commit at most, nothing when none is held. Reads that must see every accepted run call this first.
     */
    public void awaitStored() {
        if (writer.holdsWrites()) {
            try {
                writer.write(new RunWrite.Barrier()).join();
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : e;
            }
        }
    }

    private List<Run> reserve(List<LoadedRule> rules, TriggerEvent event, String inputJson) {
        if (!open) {
            throw new RunRejectedException(RunRejectedException.Reason.STOPPING, "Warden is stopping; retry after "
                    + Throughput.FALLBACK_RETRY_AFTER_SECONDS + " s", Throughput.FALLBACK_RETRY_AFTER_SECONDS);
        }
        queue.reserve(rules.size());
        Instant now = clock.instant();
        // Ids carry the same reading as created_at: retention and the overlap check find runs by id range.
        return rules.stream().map(rule -> new Run(RunIds.next(now), rule.id(),
                rule.file().path(), rule.file().version(), event.trigger(),
                RunStatus.QUEUED, now, null, null, inputJson, null, null, null)).toList();
    }

    private Accepted persist(List<LoadedRule> rules, TriggerEvent event, String inputJson, IndexedJson input,
                             RequestKey key) {
        List<Run> runs = reserve(rules, event, inputJson);
        Instant now = runs.getFirst().createdAt();
        try {
            writer.write(new RunWrite.Insert(runs, RunEvents.meta(event), key, now)).join();
        } catch (CompletionException e) {
            queue.release(runs.size());
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
        for (Run run : runs) {
            queue.enqueue(run, event, input, CompletableFuture.completedFuture(true), false);
        }
        return new Accepted(runs, false);
    }

    /**
     * Records a fire that starts no run, such as a MISSED or SKIPPED scheduled fire, finished at once with the
     * reason as its error; works for rules no longer loaded too.
     */
    public Run recordNotRun(String ruleId, TriggerEvent event, RunStatus status, String code, String message) {
        LoadedRule rule = catalog.rule(ruleId);
        Instant now = clock.instant();
        Run run = new Run(RunIds.next(now), ruleId, rule == null ? null : rule.file().path(),
                rule == null ? null : rule.file().version(), event.trigger(), status, now, null, now, null, null,
                errorJson(code, message), "[]");
        store.insert(run);
        return run;
    }

    /** Completes when the run has finished (already-finished runs complete at once). */
    public CompletableFuture<Run> completion(String runId) {
        CompletableFuture<Run> running = queue.completion(runId);
        if (running != null) {
            return running;
        }
        return store.get(runId).map(CompletableFuture::completedFuture)
                .orElseGet(() -> CompletableFuture.failedFuture(new IllegalArgumentException("no run " + runId)));
    }

    /**
     * Cancels a run: a QUEUED one ends CANCELLED without starting, a RUNNING one is stopped. Returns the run as it
     * ended (or as it was, when it had already finished), or empty when there is no such run.
     */
    public Optional<Run> cancel(String runId) {
        String error = errorJson("CANCELLED", "the run was cancelled before it started");
        Optional<Run> ours = queue.cancel(runId, error);
        if (ours.isPresent()) {
            return ours;
        }
        Optional<Run> stored = store.get(runId);
        if (stored.isPresent() && stored.get().status() == RunStatus.QUEUED
                && store.cancelQueued(runId, clock.instant(), error)) {
            return store.get(runId);
        }
        return stored;
    }

    /**
     * Stops a run of this process that is running, or as soon as it starts (the lease manager's overruns and kill
     * switch); nothing is kept for a run that has ended.
     */
    public void stopRunning(String runId) {
        queue.stopRunning(runId);
    }

    /**
     * Since when a run of this process waits for Confluence to enable the admin key (it is RUNNING, on no worker, and
     * its rule's code has not started); null when it does not wait.
     */
    public java.time.Instant waitingForAdminKeySince(String runId) {
        return queue.waitingForAdminKeySince(runId);
    }

    /** Cancels kept for runs about to start in the engine: none once those runs ended. */
    public int cancelsAwaitingStart() {
        return queue.cancelsAwaitingStart();
    }

    /** Runs accepted and not yet started. */
    public int queueDepth() {
        return queue.depth();
    }

    /** Run writes (inserts, starts, ends) waiting to be committed to the database. */
    public int storePending() {
        return writer.pending();
    }

    /** Transactions the run writer has committed since start. */
    public long storeCommits() {
        return writer.commits();
    }

    /** Run writes committed since start: over {@link #storeCommits}, how many each transaction took. */
    public long storeWrites() {
        return writer.committed();
    }

    public int queueCapacity() {
        return queue.capacity();
    }

    /** Called with every run this process finishes (on the store's writer thread: keep it quick). */
    public void onFinish(Consumer<Run> listener) {
        queue.onFinish(listener);
    }

    /** Forgets idempotency keys older than 24 h; scheduled hourly. */
    public void purgeExpiredRequests() {
        try {
            requests.purge();
        } catch (StoreException e) {
            LOG.warn("purging expired idempotency keys failed; trying again later", e);
        }
    }

    /**
     * Called once at start-up when this is the only instance on the database: runs that had started when Warden
     * stopped (RUNNING, or QUEUED but in the start journal) are marked FAILED, since their effects are unknown; runs
     * still QUEUED run now, with the event they were accepted with.
     */
    public void recover() {
        recover(instance -> false);
    }

    /**
     * Recovers the runs whose owning instance is not live, as {@link #recover()} does; each run is claimed first, so
     * of several instances recovering at once only one takes it over. Safe to call while running: the start journal
     * is read (and cleared) only by the first call.
     *
     * @param live whether the named instance (null for runs older than instance names) is still running
     */
    public synchronized void recover(Predicate<String> live) {
        boolean first = !recovered;
        recovered = true;
        RunJournal.Entries journaled = first ? journal.read(journalFolder.formerFiles()) : RunJournal.Entries.none();
        java.util.Set<String> started = journaled.started();
        // Accepted, or ended, before a crash but not yet in the database: stored now, as they were (an ended run
        // as it ended, not as interrupted).
        storeFromJournal(journaled, id -> true);
        String interrupted = errorJson("INTERRUPTED", "Warden stopped while this run was in progress; it was not "
                + "retried because its effects are unknown");
        // At start-up nothing of this process has been accepted yet: runs in its own name are left from before.
        Predicate<String> orphaned = instance -> store.instanceId().equals(instance) ? first : !live.test(instance);
        store.owners(RunStatus.RUNNING).forEach((id, owner) -> {
            if (orphaned.test(owner) && store.claim(id, owner)) {
                store.finish(id, RunStatus.FAILED, clock.instant(), null, interrupted, "[]");
            }
        });
        List<Run> resumable = new java.util.ArrayList<>();
        store.owners(RunStatus.QUEUED).forEach((id, owner) -> {
            if (!orphaned.test(owner) || !store.claim(id, owner)) {
                return;
            }
            Optional<Run> stored = store.get(id).filter(run -> run.status() == RunStatus.QUEUED);
            if (stored.isEmpty()) {
                return;
            }
            Run run = stored.get();
            if (started.contains(run.id())) {
                store.finish(run.id(), RunStatus.FAILED, clock.instant(), null, interrupted, "[]");
            } else if (catalog.rule(run.rule()) == null) {
                store.finish(run.id(), RunStatus.FAILED, clock.instant(), null, errorJson("UNKNOWN_RULE",
                        "rule " + run.rule() + " no longer exists"), "[]");
            } else {
                resumable.add(run);
            }
        });
        if (first) {
            // Cleared before anything runs again: the journal then lists only runs started by this process.
            journal.clear();
            journalFolder.settled();
        }
        for (Run run : resumable) {
            LOG.info("resuming queued run {} of {}", run.id(), run.rule());
            queue.resume(run, RunEvents.recovered(run, store.eventMeta(run.id())));
        }
    }

    /**
     * Stores the journaled runs {@code which} names as the journal has them: inserted as accepted when the database
     * lacks them, and ended as they ended when it does not have them finished.
     */
    private void storeFromJournal(RunJournal.Entries journaled, Predicate<String> which) {
        for (RunJournal.AcceptedRun accepted : journaled.accepted()) {
            if (which.test(accepted.run().id()) && store.get(accepted.run().id()).isEmpty()) {
                store.insert(accepted.run(), accepted.eventMeta());
            }
        }
        journaled.ended().values().stream().filter(end -> which.test(end.id()))
                .forEach(end -> store.get(end.id()).filter(run -> !run.status().finished())
                        .ifPresent(run -> store.finish(end.id(), end.status(), end.startedAt(), end.at(),
                                end.result(), end.error(), end.logs())));
    }

    /**
     * Stores, from the journal, the journaled runs the database refused a write of (as they were accepted, and as
     * they ended if they did), once it takes writes again; on the writer's thread, so none of their writes is in
     * flight meanwhile. What fails stays for the next time, or the next start.
     */
    private void storeUnstored() {
        if (unstored.isEmpty()) {
            return;
        }
        java.util.Set<String> ids = java.util.Set.copyOf(unstored);
        try {
            storeFromJournal(journal.read(), ids::contains);
            unstored.removeAll(ids);
            LOG.info("stored {} journaled runs the database had refused, now that it takes writes again",
                    ids.size());
            if (unstored.isEmpty()) {
                journal.unpin();
            }
        } catch (RuntimeException e) {
            LOG.warn("could not yet store {} journaled runs the database had refused; trying again at its next "
                    + "commit (or the next start): {}", ids.size(), e.toString());
        }
    }

    public RunStore store() {
        return store;
    }

    private static String errorJson(String code, String message) {
        return json(RunError.of(code, message));
    }

    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Stops taking runs; runs not yet started stay QUEUED in the store and run after the next start, running ones
     * get up to 10 s to finish; then the last records are committed.
     */
    @Override
    public void close() {
        open = false;
        queue.close();
        writer.close();
        journal.close();
        journalFolder.close();
    }
}
