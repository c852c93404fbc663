package dev.warden.scheduling.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import dev.warden.rules.LoadedRule;
import dev.warden.rules.RuleCatalog;
import dev.warden.runs.Run;
import dev.warden.runs.RunRejectedException;
import dev.warden.runs.RunService;
import dev.warden.runs.RunStatus;
import dev.warden.runs.TriggerEvent;

/**
 * Where a scheduled fire becomes a run, or a SKIPPED or MISSED record, by the rule's concurrency policy.
 *
 * <p>"Still running" is read from the run store, so it holds across instances sharing the database; a run older
 * than its rule's timeout plus {@link #STALE_AFTER} no longer counts (only a crashed instance leaves one behind).
 * Fires of the {@code queue} policy wait in memory on this instance, at most {@link #MAX_WAITING} per rule.
 * Thread-safe: fires of one rule are decided one at a time.
 */
public final class FireGate {

    static final Duration STALE_AFTER = Duration.ofMinutes(15);
    static final int MAX_WAITING = 100;

    private final RuleCatalog catalog;
    private final RunService runs;
    private final Clock clock;
    private final Map<String, Object> locks = new ConcurrentHashMap<>();
    private final Map<String, Deque<TriggerEvent>> waiting = new ConcurrentHashMap<>();

    public FireGate(RuleCatalog catalog, RunService runs, Clock clock) {
        this.catalog = catalog;
        this.runs = runs;
        this.clock = clock;
    }

    /** Starts a run for the fire, or records why not. */
    public void fire(String ruleId, TriggerEvent event) {
        LoadedRule rule = catalog.rule(ruleId);
        if (rule == null) {
            // Removed a moment ago, or not yet loaded by this instance of a cluster: either way, visibly not run.
            runs.recordNotRun(ruleId, event, RunStatus.MISSED, "UNKNOWN_RULE", "rule " + ruleId
                    + " was not loaded on this instance when its trigger fired");
            return;
        }
        synchronized (lock(ruleId)) {
            switch (rule.definition().concurrency()) {
                case ALLOW -> submit(ruleId, event);
                case SKIP -> inFlight(rule).ifPresentOrElse(
                        running -> runs.recordNotRun(ruleId, event, RunStatus.SKIPPED, "OVERLAP", "run " + running
                                + " of this rule had not ended; concurrency 'skip' drops this fire"),
                        () -> submit(ruleId, event));
                case QUEUE -> {
                    Deque<TriggerEvent> queue = waiting.computeIfAbsent(ruleId, k -> new ArrayDeque<>());
                    if (queue.size() >= MAX_WAITING) {
                        runs.recordNotRun(ruleId, event, RunStatus.SKIPPED, "QUEUE_FULL", MAX_WAITING
                                + " fires already wait for the run in progress (concurrency 'queue')");
                    } else {
                        queue.addLast(event);
                    }
                    drain(ruleId);
                }
            }
        }
    }

    /** Starts waiting fires whose rule has no run in flight any more; also called every second for remote runs. */
    public void drainAll() {
        waiting.keySet().forEach(this::drain);
    }

    /** Records the fires still waiting as SKIPPED: this instance is stopping and keeps them nowhere else. */
    public void close() {
        waiting.forEach((ruleId, queue) -> {
            synchronized (lock(ruleId)) {
                for (TriggerEvent event; (event = queue.pollFirst()) != null; ) {
                    runs.recordNotRun(ruleId, event, RunStatus.SKIPPED, "STOPPING",
                            "Warden stopped while this fire waited for an earlier run (concurrency 'queue')");
                }
            }
        });
    }

    private void drain(String ruleId) {
        synchronized (lock(ruleId)) {
            Deque<TriggerEvent> queue = waiting.get(ruleId);
            LoadedRule rule = catalog.rule(ruleId);
            while (queue != null && !queue.isEmpty() && (rule == null || inFlight(rule).isEmpty())) {
                TriggerEvent next = queue.pollFirst();
                Run run = rule == null ? null : submit(ruleId, next);
                if (run != null) {
                    // Async: a run's completion fires on the run store's writer thread, which must not submit.
                    runs.completion(run.id()).whenCompleteAsync((done, error) -> drain(ruleId));
                }
            }
            if (queue != null && queue.isEmpty()) {
                waiting.remove(ruleId);
            }
        }
    }

    private Run submit(String ruleId, TriggerEvent event) {
        try {
            return runs.submit(ruleId, event);
        } catch (RunRejectedException e) {
            runs.recordNotRun(ruleId, event, RunStatus.MISSED, e.reason().name(), "the fire could not start a run: "
                    + e.getMessage());
            return null;
        }
    }

    private Optional<String> inFlight(LoadedRule rule) {
        // A webhook run of the same rule may be journaled and not yet in the database.
        runs.awaitStored();
        return runs.store().inFlight(rule.id(), clock.instant().minus(rule.definition().timeout()).minus(STALE_AFTER));
    }

    private Object lock(String ruleId) {
        return locks.computeIfAbsent(ruleId, k -> new Object());
    }
}
