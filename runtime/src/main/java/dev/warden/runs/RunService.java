package dev.warden.runs;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.github.f4b6a3.ulid.UlidCreator;

import dev.warden.config.EngineConfig;
import dev.warden.engine.RuleEngine;
import dev.warden.engine.RunInvocation;
import dev.warden.engine.RunOutcome;
import dev.warden.rules.LoadedRule;
import dev.warden.rules.RuleCatalog;

/**
 * Where every trigger becomes a run: the run is recorded QUEUED before it is accepted, executed by a bounded pool of
 * workers, and recorded again when it starts and ends.
 *
 * <p>Lifecycle: construct, {@link #recover()} once at start-up, submit runs, {@link #close()}. Thread-safe.
 */
public final class RunService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RunService.class);
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private final RuleCatalog catalog;
    private final RuleEngine engine;
    private final RunStore store;
    private final Clock clock;
    private final ThreadPoolExecutor workers;
    private final Map<String, CompletableFuture<Run>> pending = new ConcurrentHashMap<>();

    public RunService(RuleCatalog catalog, RuleEngine engine, RunStore store, EngineConfig config, Clock clock) {
        this.catalog = catalog;
        this.engine = engine;
        this.store = store;
        this.clock = clock;
        AtomicInteger n = new AtomicInteger();
        this.workers = new ThreadPoolExecutor(config.workers(), config.workers(), 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(config.queueCapacity()),
                r -> Thread.ofPlatform().name("warden-worker-" + n.incrementAndGet()).unstarted(r));
    }

    /**
     * Accepts a run of the rule: records it QUEUED, then queues it.
     *
     * @throws RunRejectedException when the rule does not exist or the queue is full
     */
    public Run submit(String ruleId, TriggerEvent event) {
        LoadedRule rule = catalog.rule(ruleId);
        if (rule == null) {
            throw new RunRejectedException(RunRejectedException.Reason.UNKNOWN_RULE, "no rule with id '" + ruleId
                    + "' is loaded");
        }
        if (workers.getQueue().remainingCapacity() == 0) {
            throw new RunRejectedException(RunRejectedException.Reason.QUEUE_FULL, "the run queue is full ("
                    + workers.getQueue().size() + " runs waiting); retry later");
        }
        Run run = new Run(UlidCreator.getMonotonicUlid().toString(), rule.id(), rule.file().path(),
                rule.file().version(), event.trigger(), RunStatus.QUEUED, clock.instant(),
                null, null, RunInput.capped(json(event.body())), null, null, null);
        store.insert(run);
        enqueue(run, event);
        return run;
    }

    /**
     * Records a fire that starts no run, such as a MISSED or SKIPPED scheduled fire, finished at once with the
     * reason as its error; works for rules no longer loaded too.
     */
    public Run recordNotRun(String ruleId, TriggerEvent event, RunStatus status, String code, String message) {
        LoadedRule rule = catalog.rule(ruleId);
        Instant now = clock.instant();
        Run run = new Run(UlidCreator.getMonotonicUlid().toString(), ruleId, rule == null ? null : rule.file().path(),
                rule == null ? null : rule.file().version(), event.trigger(), status, now, null, now, null, null,
                errorJson(code, message), "[]");
        store.insert(run);
        return run;
    }

    /** Completes when the run has finished (already-finished runs complete at once). */
    public CompletableFuture<Run> completion(String runId) {
        CompletableFuture<Run> future = pending.get(runId);
        if (future != null) {
            return future;
        }
        return store.get(runId).map(CompletableFuture::completedFuture)
                .orElseGet(() -> CompletableFuture.failedFuture(new IllegalArgumentException("no run " + runId)));
    }

    /**
     * Called once at start-up when this is the only instance on the database: runs that were RUNNING when Warden
     * stopped are marked FAILED (their effects are unknown), runs still QUEUED are run now.
     */
    public void recover() {
        recover(instance -> false);
    }

    /**
     * Recovers the runs whose owning instance is not live, as {@link #recover()} does; each run is claimed first, so
     * of several instances recovering at once only one takes it over. Safe to call while running.
     *
     * @param live whether the named instance (null for runs older than instance names) is still running
     */
    public void recover(Predicate<String> live) {
        Predicate<String> orphaned = instance -> !store.instanceId().equals(instance) && !live.test(instance);
        store.owners(RunStatus.RUNNING).forEach((id, owner) -> {
            if (orphaned.test(owner) && store.claim(id, owner)) {
                store.finish(id, RunStatus.FAILED, clock.instant(), null, errorJson("INTERRUPTED",
                        "Warden stopped while this run was in progress; it was not retried because its effects are "
                                + "unknown"), "[]");
            }
        });
        store.owners(RunStatus.QUEUED).forEach((id, owner) -> {
            if (orphaned.test(owner) && store.claim(id, owner)) {
                store.get(id).filter(run -> run.status() == RunStatus.QUEUED).ifPresent(this::resume);
            }
        });
    }

    private void resume(Run run) {
        LoadedRule rule = catalog.rule(run.rule());
        if (rule == null) {
            store.finish(run.id(), RunStatus.FAILED, clock.instant(), null, errorJson("UNKNOWN_RULE",
                    "rule " + run.rule() + " no longer exists"), "[]");
            return;
        }
        LOG.info("resuming queued run {} of {}", run.id(), run.rule());
        RunTrigger t = run.trigger();
        enqueue(run, new TriggerEvent(t.type(), t.name(), run.createdAt(), RunInput.parse(run.input()), null, null,
                t.scheduledFor(), t.catchUp()));
    }

    public RunStore store() {
        return store;
    }

    private void enqueue(Run run, TriggerEvent event) {
        CompletableFuture<Run> done = new CompletableFuture<>();
        pending.put(run.id(), done);
        try {
            workers.execute(() -> execute(run, event, done));
        } catch (RejectedExecutionException e) {
            pending.remove(run.id());
            store.finish(run.id(), RunStatus.CANCELLED, clock.instant(), null, errorJson("QUEUE_FULL",
                    "the run queue was full"), "[]");
            throw new RunRejectedException(RunRejectedException.Reason.QUEUE_FULL, "the run queue is full; retry later");
        }
    }

    private void execute(Run run, TriggerEvent event, CompletableFuture<Run> done) {
        try {
            LoadedRule rule = catalog.rule(run.rule());
            Instant started = clock.instant();
            if (!store.markRunning(run.id(), started)) {
                LOG.warn("run {} of {} was taken over by another instance; not running it here", run.id(), run.rule());
                return;
            }
            RunOutcome outcome = rule == null
                    ? new RunOutcome(RunStatus.FAILED, null, dev.warden.engine.RunError.of("UNKNOWN_RULE",
                    "rule " + run.rule() + " was removed before the run started"), List.of())
                    : engine.execute(rule, new RunInvocation(run.id(), json(event)));
            store.finish(run.id(), outcome.status(), clock.instant(), RunInput.cappedResult(outcome.result()),
                    outcome.error() == null ? null : json(outcome.error()), RunLogs.json(outcome.logs()));
        } catch (RuntimeException e) {
            LOG.error("run {} of {} could not be recorded", run.id(), run.rule(), e);
        } finally {
            pending.remove(run.id());
            store.get(run.id()).ifPresentOrElse(done::complete, () -> done.completeExceptionally(
                    new IllegalStateException("run " + run.id() + " vanished")));
        }
    }

    private static String errorJson(String code, String message) {
        return json(dev.warden.engine.RunError.of(code, message));
    }

    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        workers.shutdown();
        try {
            if (!workers.awaitTermination(10, TimeUnit.SECONDS)) {
                workers.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
