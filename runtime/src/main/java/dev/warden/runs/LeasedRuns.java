package dev.warden.runs;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.warden.engine.LogLine;
import dev.warden.engine.RuleEngine;
import dev.warden.engine.RunError;
import dev.warden.engine.RunInvocation;
import dev.warden.engine.RunOutcome;
import dev.warden.leases.Lease;
import dev.warden.leases.LeaseManager;
import dev.warden.leases.LeaseRefusedException;
import dev.warden.leases.LeaseWait;
import dev.warden.rules.Durations;
import dev.warden.rules.LoadedRule;

/**
 * Runs the rules that declare {@code adminKey} inside an admin-key lease without a worker waiting for Confluence:
 * the worker that takes the run asks for the lease ({@link LeaseManager#request}) and is free again; once the key is
 * on, the rule runs on a worker, ahead of the runs queued meanwhile ({@link WorkQueue.Resumed}); the DELETE of the
 * last holder out is not waited for on a worker either. A run refused the key, or stopped while it waits (cancelled,
 * Warden stopping), ends off the workers. Lifecycle: construct, {@link #use}, run, {@link #stopAll()}. Thread-safe.
 */
final class LeasedRuns {

    /** A run's wait for Confluence to enable the key, and since when it waits. */
    private record Waiting(LeaseWait request, Instant since) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(LeasedRuns.class);
    /** Where a leased run ends when no worker has it: after a refusal, a cancel, the key's DELETE. */
    private static final Executor OFF_WORKERS = r -> Thread.ofVirtual().name("warden-leased-run").start(r);
    private static final String STOPPED = "Warden stopped while the run waited for the key";

    private final RuleEngine engine;
    private final Clock clock;
    /** Puts a run's next step on the workers, or ends it with the step's stop while Warden stops. */
    private final Consumer<WorkQueue.Resumed> workers;
    /** The runs waiting for the key, by run id. */
    private final Map<String, Waiting> waits = new ConcurrentHashMap<>();
    private volatile LeaseManager leases;
    private volatile boolean stopping;

    LeasedRuns(RuleEngine engine, Clock clock, Consumer<WorkQueue.Resumed> workers) {
        this.engine = engine;
        this.clock = clock;
        this.workers = workers;
    }

    void use(LeaseManager manager) {
        this.leases = manager;
    }

    /**
     * Runs the rule in a lease; a refused lease fails it before any of its code runs. Called on a worker, which it
     * gives back while Confluence enables the key. {@code ended} gets the outcome, on whichever thread it ends.
     */
    void run(LoadedRule rule, RunInvocation invocation, int minutes, String requestId, Consumer<RunOutcome> ended) {
        LeaseManager manager = leases;
        if (manager == null) {
            ended.accept(failed("LEASE_UNAVAILABLE", "rule " + rule.id() + " declares adminKey but no admin-key "
                    + "provider is configured; enable the admin-key plugin and set the Confluence credentials"));
            return;
        }
        String runId = invocation.runId();
        long asked = System.nanoTime();
        Instant since = clock.instant();
        LeaseWait wait;
        try {
            wait = manager.request(rule.id(), runId, minutes, rule.definition().timeout(), requestId);
        } catch (LeaseRefusedException e) {
            ended.accept(failed("LEASE_" + e.code(), e.getMessage()));
            return;
        }
        CompletableFuture<Lease> granted = wait.granted();
        if (granted.isDone() && !granted.isCompletedExceptionally()) {
            holding(manager, granted.join(), rule, invocation, asked, null, ended);
            return;
        }
        Waiting waiting = new Waiting(wait, since);
        waits.put(runId, waiting);
        if (stopping) {
            wait.abandon(STOPPED);
        }
        granted.whenComplete((lease, e) -> {
            waits.remove(runId, waiting);
            if (e == null) {
                LogLine waited = waited(since);
                workers.accept(new WorkQueue.Resumed(() -> holding(manager, lease, rule, invocation, asked, waited,
                        ended),
                        () -> OFF_WORKERS.execute(() -> released(manager, lease, cancelled("the run was cancelled "
                                + "because Warden was stopping; it is not run again"), ended))));
            } else {
                OFF_WORKERS.execute(() -> ended.accept(notGranted(e)));
            }
        });
    }

    /** Stops the run's wait for the key when it waits; false when it does not (it may hold the key by now). */
    boolean stopWaiting(String runId) {
        Waiting waiting = waits.get(runId);
        return waiting != null && waiting.request().abandon("the run was cancelled while it waited for the key");
    }

    /** Since when the run waits for Confluence to enable the key; null when it does not wait (now). */
    Instant waitingSince(String runId) {
        Waiting waiting = waits.get(runId);
        return waiting == null ? null : waiting.since();
    }

    /** Warden is stopping: runs waiting for the key stop waiting and end CANCELLED, as running runs do. */
    void stopAll() {
        stopping = true;
        for (Waiting waiting : waits.values()) {
            waiting.request().abandon(STOPPED);
        }
    }

    /**
     * Runs the rule holding the key, then lets the key go; the wait for the key comes out of the rule's timeout.
     * {@code waited}: the log line that says how long the run waited for the key, first in its log; null if it did not.
     */
    private void holding(LeaseManager manager, Lease lease, LoadedRule rule, RunInvocation invocation, long asked,
                         LogLine waited, Consumer<RunOutcome> ended) {
        RunOutcome outcome;
        try {
            outcome = engine.execute(rule, invocation, Duration.ofNanos(System.nanoTime() - asked));
        } catch (RuntimeException e) {
            LOG.error("run {} of {} failed in Warden", invocation.runId(), rule.id(), e);
            outcome = failed("INTERNAL", "Warden could not run the rule: " + e);
        }
        if (waited != null) {
            List<LogLine> logs = new ArrayList<>(outcome.logs().size() + 1);
            logs.add(waited);
            logs.addAll(outcome.logs());
            outcome = new RunOutcome(outcome.status(), outcome.result(), outcome.error(), logs);
        }
        released(manager, lease, outcome, ended);
    }

    /** The run's log line once the key came: how long it waited for Confluence to enable it. */
    private LogLine waited(Instant since) {
        Instant now = clock.instant();
        return new LogLine(now, "INFO", "waited " + Durations.format(Duration.ofMillis(Duration.between(since, now)
                .toMillis())) + " for Confluence to enable the admin key (from " + since + ") before the rule started",
                null);
    }

    /**
     * Ends the run's hold and then the run: at once when its release has no DELETE to make, else once the DELETE
     * ended, off the workers, so that a run's end still means its key is off (or its disable was tried).
     */
    private void released(LeaseManager manager, Lease lease, RunOutcome outcome, Consumer<RunOutcome> ended) {
        CompletableFuture<String> off;
        try {
            off = manager.releaseLater(lease);
        } catch (RuntimeException e) {
            LOG.error("could not release the admin-key lease of run {}", lease.runId(), e);
            off = CompletableFuture.completedFuture(null);
        }
        if (off.isDone()) {
            ended.accept(withWarning(outcome, off.join()));
        } else {
            off.thenAcceptAsync(lost -> ended.accept(withWarning(outcome, lost)), OFF_WORKERS);
        }
    }

    private RunOutcome withWarning(RunOutcome outcome, String lost) {
        if (lost == null) {
            return outcome;
        }
        List<LogLine> logs = new ArrayList<>(outcome.logs());
        logs.add(new LogLine(clock.instant(), "WARN", lost, null));
        return new RunOutcome(outcome.status(), outcome.result(), outcome.error(), logs);
    }

    /** The outcome of a run whose wait for the key ended without it. */
    private RunOutcome notGranted(Throwable e) {
        Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        if (cause instanceof CancellationException) {
            return cancelled(stopping ? "the run was cancelled while it waited for the admin key because Warden was "
                    + "stopping; it is not run again" : "the run was cancelled while it waited for the admin key");
        }
        if (cause instanceof LeaseRefusedException refused) {
            return failed("LEASE_" + refused.code(), refused.getMessage());
        }
        LOG.error("the wait for the admin key failed", cause);
        return failed("INTERNAL", "Warden could not get the admin key: " + cause);
    }

    private static RunOutcome cancelled(String message) {
        return new RunOutcome(RunStatus.CANCELLED, null, RunError.of("CANCELLED", message), List.of());
    }

    static RunOutcome failed(String code, String message) {
        return new RunOutcome(RunStatus.FAILED, null, RunError.of(code, message), List.of());
    }
}
