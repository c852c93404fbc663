package dev.warden.scheduling.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.warden.rules.LoadedRule;
import dev.warden.rules.RuleCatalog;
import dev.warden.runs.Run;
import dev.warden.runs.RunRejectedException;
import dev.warden.runs.RunService;
import dev.warden.runs.RunStatus;
import dev.warden.runs.TriggerEvent;
import dev.warden.scheduling.internal.WaitingFires.Waiting;
import dev.warden.store.StoreException;

/**
 * Where a scheduled fire becomes a run, or a SKIPPED or MISSED record, by the rule's concurrency policy.
 *
 * <p>"Still running" is read from the run store, so it holds across instances sharing the database; a run older
 * than its rule's timeout plus {@link #STALE_AFTER} no longer counts (only a crashed instance leaves one behind).
 * Fires of the {@code queue} policy wait on this instance, at most {@link #MAX_WAITING} per rule, in memory and in
 * {@link WaitingFires}: a fire still waiting when Warden stops, or dies, runs after the restart (in a cluster, on an
 * instance that outlives it). Thread-safe: fires of one rule are decided one at a time.
 */
public final class FireGate {

    private static final Logger LOG = LoggerFactory.getLogger(FireGate.class);

    static final Duration STALE_AFTER = Duration.ofMinutes(15);
    static final int MAX_WAITING = 100;

    private final RuleCatalog catalog;
    private final RunService runs;
    private final Clock clock;
    private final Map<String, Object> locks = new ConcurrentHashMap<>();
    private final Map<String, Deque<Waiting>> waiting = new ConcurrentHashMap<>();
    private final WaitingFires stored;

    public FireGate(RuleCatalog catalog, RunService runs, WaitingFires stored, Clock clock) {
        this.catalog = catalog;
        this.runs = runs;
        this.stored = stored;
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
                    Deque<Waiting> queue = waiting.computeIfAbsent(ruleId, k -> new ArrayDeque<>());
                    if (queue.isEmpty() && inFlight(rule).isEmpty()) {
                        start(ruleId, event);
                    } else if (queue.size() >= MAX_WAITING) {
                        runs.recordNotRun(ruleId, event, RunStatus.SKIPPED, "QUEUE_FULL", MAX_WAITING
                                + " fires already wait for the run in progress (concurrency 'queue')");
                    } else {
                        queue.addLast(store(ruleId, event));
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

    /**
     * Takes up the stored fires this instance left waiting when it last stopped (with {@code own}) and those of
     * instances {@code orphaned} says are gone, oldest first, and starts what may start. A fire whose run was
     * submitted just before a crash (its record exists) is not run again.
     */
    public void restore(boolean own, Predicate<String> orphaned) {
        for (Waiting fire : stored.takeOver(own, orphaned)) {
            if (fire.event() == null) {
                LOG.warn("a waiting fire of rule {} (queued {}) could not be read and is dropped", fire.ruleId(),
                        fire.queuedAt());
                forget(fire);
                continue;
            }
            synchronized (lock(fire.ruleId())) {
                TriggerEvent event = fire.event();
                if (event.scheduledFor() != null && runs.store().hasRecordOfFire(fire.ruleId(), event.name(),
                        event.scheduledFor(), fire.queuedAt())) {
                    forget(fire);
                    continue;
                }
                waiting.computeIfAbsent(fire.ruleId(), k -> new ArrayDeque<>()).addLast(fire);
            }
        }
        drainAll();
    }

    /**
     * Stops deciding: the fires still waiting stay stored and run when Warden starts again; one that could not be
     * stored is recorded as SKIPPED, since it is kept nowhere else.
     */
    public void close() {
        waiting.forEach((ruleId, queue) -> {
            synchronized (lock(ruleId)) {
                int kept = 0;
                for (Waiting fire; (fire = queue.pollFirst()) != null; ) {
                    if (fire.id() != null) {
                        kept++;
                    } else {
                        runs.recordNotRun(ruleId, fire.event(), RunStatus.SKIPPED, "STOPPING", "Warden stopped "
                                + "while this fire waited for an earlier run (concurrency 'queue') and it could not "
                                + "be stored to run after the restart");
                    }
                }
                if (kept > 0) {
                    LOG.info("{} fire(s) of rule {} still wait for an earlier run (concurrency 'queue'); they run "
                            + "when Warden starts again", kept, ruleId);
                }
            }
        });
    }

    private void drain(String ruleId) {
        synchronized (lock(ruleId)) {
            Deque<Waiting> queue = waiting.get(ruleId);
            LoadedRule rule = catalog.rule(ruleId);
            while (queue != null && !queue.isEmpty() && (rule == null || inFlight(rule).isEmpty())) {
                Waiting next = queue.peekFirst();
                try {
                    if (rule == null) {
                        runs.recordNotRun(ruleId, next.event(), RunStatus.MISSED, "UNKNOWN_RULE", "rule " + ruleId
                                + " was removed while this fire waited for an earlier run (concurrency 'queue')");
                    } else {
                        start(ruleId, next.event());
                    }
                } catch (RuntimeException e) {
                    LOG.warn("a waiting fire of rule {} could not start; trying again in a second: {}", ruleId,
                            e.getMessage());
                    break;
                }
                queue.pollFirst();
                // After the run is submitted: a crash in between leaves a record that restore() finds.
                forget(next);
            }
            if (queue != null && queue.isEmpty()) {
                waiting.remove(ruleId);
            }
        }
    }

    /** Submits the fire's run; once it ends, the rule's next waiting fire may start. */
    private void start(String ruleId, TriggerEvent event) {
        Run run = submit(ruleId, event);
        if (run != null) {
            // Async: a run's completion fires on the run store's writer thread, which must not submit.
            runs.completion(run.id()).whenCompleteAsync((done, error) -> drain(ruleId));
        }
    }

    private Waiting store(String ruleId, TriggerEvent event) {
        try {
            return stored.add(ruleId, event, clock.instant());
        } catch (StoreException e) {
            LOG.warn("a fire of rule {} waits in memory only (it is lost if Warden dies before it runs): {}", ruleId,
                    e.getMessage());
            return new Waiting(null, null, ruleId, event, clock.instant());
        }
    }

    private void forget(Waiting fire) {
        if (fire.id() == null) {
            return;
        }
        try {
            stored.remove(fire.id());
        } catch (StoreException e) {
            LOG.warn("waiting fire {} of rule {} was handled but stays stored ({}); a restart will not run it twice",
                    fire.id(), fire.ruleId(), e.getMessage());
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
