package dev.warden.runs;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.warden.config.EngineConfig;
import dev.warden.engine.IndexedJson;
import dev.warden.engine.RuleEngine;
import dev.warden.engine.RunInvocation;
import dev.warden.leases.LeaseManager;
import dev.warden.engine.RunOutcome;
import dev.warden.rules.LoadedRule;
import dev.warden.rules.RuleCatalog;

/**
 * The accepted runs of this process and the workers that execute them.
 *
 * <p>Bounded by reservation: {@link #reserve} takes slots before a run is written, so a full queue refuses before
 * anything is stored; a worker gives the slot back when it picks the run up. Before a rule starts, the run is
 * recorded in the {@link RunJournal}; its RUNNING and end records then go to the store by group commit, without
 * the worker waiting for them. A run of a rule that declares {@code adminKey} waits for the key off the workers
 * ({@link LeasedRuns}). Lifecycle: construct, enqueue, {@link #close()}. Thread-safe.
 */
final class RunQueue implements AutoCloseable {

    private volatile boolean confirmStarts;

    private static final Logger LOG = LoggerFactory.getLogger(RunQueue.class);

    /** A run this process accepted and has not finished; a worker and a cancel race for it through {@code state}. */
    private static final class Live {
        static final int QUEUED = 0;
        static final int STARTED = 1;
        static final int CANCELLED = 2;

        final Run run;
        /**
         * What the rule is run with; dropped once the run has ended ({@link #release}), while the run stays live
         * until its end is stored: the body's index is as large as the body, and under load thousands of ended runs
         * wait for the writer's next commits.
         */
        TriggerEvent event;
        /** The event's body as indexed when the request arrived; null when it was not (the run's input is read). */
        IndexedJson body;
        /** Completes once the run's QUEUED record is in the database. */
        final CompletableFuture<Boolean> stored;
        /** Accepted into the run journal: its records may wait in the writer to be written together. */
        final boolean journaled;
        final CompletableFuture<Run> done = new CompletableFuture<>();
        final AtomicInteger state = new AtomicInteger(QUEUED);

        Live(Run run, TriggerEvent event, IndexedJson body, CompletableFuture<Boolean> stored, boolean journaled) {
            this.run = run;
            this.event = event;
            this.body = body;
            this.stored = stored;
            this.journaled = journaled;
        }

        /** Forgets what only running the rule needed (the worker that ran it calls this). */
        void release() {
            event = null;
            body = null;
        }
    }

    private final RuleCatalog catalog;
    private final RuleEngine engine;
    private final RunStore store;
    private final RunWriter writer;
    private final RunJournal journal;
    private final Clock clock;
    private final int capacity;
    private final ThreadPoolExecutor workers;
    private final AtomicInteger waiting = new AtomicInteger();
    /** Runs ended per second lately: how fast the queue drains, for a refusal's Retry-After. */
    private final Throughput ended = new Throughput();
    private final Map<String, Live> live = new ConcurrentHashMap<>();
    private final List<Consumer<Run>> finishListeners = new CopyOnWriteArrayList<>();
    private final LeasedRuns leased;

    RunQueue(RuleCatalog catalog, RuleEngine engine, RunStore store, RunWriter writer, RunJournal journal,
             EngineConfig config, Clock clock) {
        this.catalog = catalog;
        this.engine = engine;
        this.store = store;
        this.writer = writer;
        this.journal = journal;
        this.clock = clock;
        this.capacity = config.queueCapacity();
        AtomicInteger n = new AtomicInteger();
        this.workers = new ThreadPoolExecutor(config.workers(), config.workers(), 0, TimeUnit.MILLISECONDS,
                new WorkQueue(), r -> Thread.ofPlatform().name("warden-worker-" + n.incrementAndGet()).unstarted(r));
        this.leased = new LeasedRuns(engine, clock, this::resume);
    }

    /**
     * Takes room for runs about to be stored, or refuses with QUEUE_FULL, asking the caller to retry once the runs
     * queued now would have ended at the recent rate ({@link #backlog}).
     */
    void reserve(int slots) {
        while (true) {
            int now = waiting.get();
            if (now + slots > capacity) {
                Throughput.Backlog backlog = backlog(now);
                throw new RunRejectedException(RunRejectedException.Reason.QUEUE_FULL, "the run queue has no room for "
                        + slots + (slots == 1 ? " run" : " runs") + " (" + now + " of " + capacity
                        + " places taken); nothing was started: " + backlog.describe("queued runs", "no run ended",
                        "runs/s"), backlog.retryAfterSeconds());
            }
            if (waiting.compareAndSet(now, now + slots)) {
                return;
            }
        }
    }

    /** Gives back room taken for runs that were not stored after all. */
    void release(int slots) {
        waiting.addAndGet(-slots);
    }

    /** Queues a recovered run regardless of room: it was accepted before the restart. */
    void resume(Run run, TriggerEvent event) {
        waiting.incrementAndGet();
        enqueue(run, event);
    }

    /** Queues a stored run into room already reserved. */
    void enqueue(Run run, TriggerEvent event) {
        enqueue(run, event, null, CompletableFuture.completedFuture(true), false);
    }

    /**
     * Queues a run into room already reserved; {@code stored} completes once its record is in the database.
     * {@code journaled}: the run journal lists it, so its records may be held back to be written together.
     * {@code body}: the run's input as indexed on arrival, or null.
     */
    void enqueue(Run run, TriggerEvent event, IndexedJson body, CompletableFuture<Boolean> stored,
                 boolean journaled) {
        Live job = new Live(run, event, body, stored, journaled);
        live.put(run.id(), job);
        try {
            workers.execute(() -> execute(job));
        } catch (RejectedExecutionException e) {
            // Only while stopping: the run stays QUEUED in the store and runs after the next start.
            gone(run.id(), job);
            waiting.decrementAndGet();
        }
    }

    /** Since when the run waits for Confluence to enable the admin key; null when it does not wait. */
    Instant waitingForAdminKeySince(String runId) {
        return leased.waitingSince(runId);
    }

    int cancelsAwaitingStart() {
        return engine.cancelsAwaitingStart();
    }

    int depth() {
        return Math.max(0, waiting.get());
    }

    /** The {@code queued} runs ahead of a new one, and the rate runs ended at lately (as of the clock). */
    Throughput.Backlog backlog(int queued) {
        return ended.backlog(Math.max(0, queued), clock.millis());
    }

    int capacity() {
        return capacity;
    }

    void onFinish(Consumer<Run> listener) {
        finishListeners.add(listener);
    }

    /** The run's completion when this process is running it, else null. */
    CompletableFuture<Run> completion(String runId) {
        Live job = live.get(runId);
        if (job == null) {
            return null;
        }
        return job.done;
    }

    /** Cancels a run of this process (see {@link RunService#cancel}); empty when it is not one. */
    Optional<Run> cancel(String runId, String cancelledError) {
        Live job = live.get(runId);
        if (job == null) {
            return Optional.empty();
        }
        if (job.state.compareAndSet(Live.QUEUED, Live.CANCELLED)) {
            // A journaled run may not be in the database yet: the cancel must not be overtaken by its insert.
            if (!job.stored.isDone()) {
                writer.write(new RunWrite.Barrier()).exceptionally(e -> false).join();
            }
            store.cancelQueued(runId, clock.instant(), cancelledError);
            complete(job, store.get(runId).orElse(job.run));
        } else {
            // A run waiting for the admin key stops waiting; a running one is stopped by the engine, which registers
            // it a moment after the worker took it (or after the key came): try until one of them has it.
            for (int i = 0; i < 400 && !job.done.isDone() && !leased.stopWaiting(runId) && !stopRunning(runId);
                 i++) {
                sleep(5);
            }
        }
        try {
            return Optional.of(job.done.get(10, TimeUnit.SECONDS));
        } catch (TimeoutException | ExecutionException e) {
            return store.get(runId);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return store.get(runId);
        }
    }

    private void execute(Live job) {
        waiting.decrementAndGet();
        if (!job.state.compareAndSet(Live.QUEUED, Live.STARTED)) {
            return;
        }
        Run run = job.run;
        try {
            Instant started = clock.instant();
            List<CompletableFuture<Boolean>> mark = new ArrayList<>(1);
            // The journal lists the start, so the RUNNING mark may wait to be written with the run's end; unless
            // another instance must see it at once.
            RunWrite.Start start = new RunWrite.Start(run.id(), started);
            journal.started(run.id(), () -> mark.add(confirmStarts ? writer.write(start) : writer.writeLater(start)));
            if (confirmStarts && !Boolean.TRUE.equals(mark.getFirst().join())) {
                LOG.warn("run {} of {} was taken over by another instance; not running it here", run.id(), run.rule());
                complete(job, store.get(run.id()).orElse(run));
                return;
            }
            run(job, outcome -> finish(job, started, outcome));
        } catch (RuntimeException e) {
            LOG.error("run {} of {} could not be recorded", run.id(), run.rule(), e);
            complete(job, run);
        }
    }

    /** Runs the rule; {@code then} gets the outcome, here or, for a rule waiting for the admin key, later. */
    private void run(Live job, Consumer<RunOutcome> then) {
        LoadedRule rule = catalog.rule(job.run.rule());
        if (rule == null) {
            then.accept(LeasedRuns.failed("UNKNOWN_RULE", "rule " + job.run.rule()
                    + " was removed before the run started"));
            return;
        }
        RunInvocation invocation = RunEvents.invocation(job.run.id(), job.event, job.body, job.run.input());
        Integer minutes = rule.definition().adminKeyMinutes();
        if (minutes == null) {
            then.accept(engine.execute(rule, invocation));
            return;
        }
        String requestId = job.event.headers() == null ? null : job.event.headers().get("x-request-id");
        leased.run(rule, invocation, minutes, requestId, then);
    }

    /** Records the run's end. */
    private void finish(Live job, Instant started, RunOutcome outcome) {
        job.release();
        Run run = job.run;
        try {
            Instant finished = clock.instant();
            ended.add(finished.toEpochMilli(), 1);
            String result = RunInput.cappedResult(outcome.result());
            String error = outcome.error() == null ? null : RunService.json(outcome.error());
            String logs = RunLogs.json(outcome.logs());
            Run done = new Run(run.id(), run.rule(), run.file(), run.fileVersion(), run.trigger(), outcome.status(),
                    run.createdAt(), started, finished, run.input(), result, error, logs);
            RunWrite.Finish end = new RunWrite.Finish(run.id(), outcome.status(), started, finished, result, error,
                    logs);
            if (job.journaled) {
                // A journaled run's end goes to the journal first; from then on a crash loses nothing, so the run
                // is complete at once, as a webhook's acceptance is complete once journaled. The end is written in
                // the writer's next commit, with the run's held insert and start: one row, and a commit that takes
                // whatever ended meanwhile (group commit). Holding the ends nobody waits for as well, to write more
                // of them per commit, cost more than it saved: under async load the writer then spent 46-58 instead
                // of 27-34 us per run, in commits of about 450 runs, and every run stayed in the heap 200 ms longer
                // (bench/webhooks-history.md, 2026-12-06). Reads wait for the end (RunService.awaitStored); the run
                // stays live until it is stored, so a wait that starts meanwhile still finds its end here.
                journal.ended(end, () -> writer.writeSoon(end))
                        .whenComplete((ok, e) -> {
                            if (e != null) {
                                // Kept from rolling over (the writer pinned the journal before failing the write),
                                // so that the next start stores it.
                                LOG.error("run {} of {} ended {} and is in the run journal, but could not be "
                                        + "stored yet; it is stored once the database takes writes again, or at the "
                                        + "next start", run.id(), run.rule(),
                                        outcome.status(), e);
                            }
                            gone(run.id(), job);
                        });
                settle(job, done);
            } else {
                writer.write(end).whenComplete((ok, e) -> {
                    if (e != null) {
                        LOG.error("run {} of {} ended {} but could not be recorded", run.id(), run.rule(),
                                outcome.status(), e);
                    }
                    complete(job, done);
                });
            }
            journal.rollIfLarge(() -> writer.write(new RunWrite.Barrier()));
        } catch (RuntimeException e) {
            LOG.error("run {} of {} could not be recorded", run.id(), run.rule(), e);
            complete(job, run);
        }
    }

    /** Puts a started run's next step on the workers, ahead of queued runs; ends it instead while stopping. */
    private void resume(WorkQueue.Resumed step) {
        try {
            workers.execute(step);
        } catch (RejectedExecutionException e) {
            step.stop().run();
        }
    }

    void confirmStarts(boolean confirm) {
        this.confirmStarts = confirm;
    }

    void useLeases(LeaseManager leaseManager) {
        leased.use(leaseManager);
    }

    private void complete(Live job, Run run) {
        gone(run.id(), job);
        settle(job, run);
    }

    /**
     * The run is no run of this process any more: a cancel the engine kept for it to start is dropped. After the
     * removal, so that {@link #stopRunning} either sees the run gone or is followed by this.
     */
    private void gone(String runId, Live job) {
        live.remove(runId, job);
        engine.forgetCancel(runId);
    }

    /**
     * Has the engine stop the run, now or as soon as it starts; a cancel of a run that has ended (it was refused the
     * key, or cancelled while it waited for it, say) is not kept, since no start would ever take it.
     *
     * @return whether the run was running in the engine
     */
    boolean stopRunning(String runId) {
        if (engine.cancel(runId)) {
            return true;
        }
        if (!live.containsKey(runId)) {
            engine.forgetCancel(runId);
        }
        return false;
    }

    /** Completes the run's future and tells the listeners, leaving it live (see {@link #complete}). */
    private void settle(Live job, Run run) {
        if (job.done.complete(run) && run.status().finished()) {
            for (Consumer<Run> listener : finishListeners) {
                try {
                    listener.accept(run);
                } catch (RuntimeException e) {
                    LOG.warn("a run listener failed", e);
                }
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Leaves runs not yet started QUEUED in the store (they run after the next start) and cancels started ones: those
     * running end CANCELLED, saying Warden was stopping, and so do those waiting for the admin key; gives them 10 s
     * to unwind, and runs that end off the workers (after the key's DELETE) 5 s more.
     */
    @Override
    public void close() {
        List<Runnable> left = new ArrayList<>();
        workers.getQueue().drainTo(left);
        workers.shutdown();
        engine.cancelAll();
        leased.stopAll();
        int queued = 0;
        for (Runnable task : left) {
            if (task instanceof WorkQueue.Resumed resumed) {
                resumed.stop().run();
            } else {
                queued++;
            }
        }
        if (queued > 0) {
            LOG.info("{} queued run(s) left for the next start", queued);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        try {
            if (!workers.awaitTermination(10, TimeUnit.SECONDS)) {
                workers.shutdownNow();
                workers.awaitTermination(5, TimeUnit.SECONDS);
            }
            List<CompletableFuture<Run>> started = live.values().stream()
                    .filter(job -> job.state.get() == Live.STARTED).map(job -> job.done).toList();
            CompletableFuture.allOf(started.toArray(CompletableFuture[]::new))
                    .get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (TimeoutException | ExecutionException e) {
            LOG.warn("runs still ending when Warden stopped are recorded as interrupted at the next start");
        }
    }
}
