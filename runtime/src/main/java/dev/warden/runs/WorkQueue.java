package dev.warden.runs;

import java.util.concurrent.LinkedBlockingDeque;

/**
 * The workers' queue: runs are taken in the order they were queued, except that a run that waited for the admin key
 * off the workers ({@link LeasedRuns}) goes ahead of the runs queued meanwhile when it comes back. Unbounded:
 * {@link RunQueue#reserve} bounds the runs before they are written. Thread-safe.
 */
final class WorkQueue extends LinkedBlockingDeque<Runnable> {

    /** A started run's next step; {@code stop} ends the run instead when Warden stops before a worker takes it. */
    record Resumed(Runnable step, Runnable stop) implements Runnable {
        @Override
        public void run() {
            step.run();
        }
    }

    /** The executor queues here: a resumed run at the head, any other at the tail. */
    @Override
    public boolean offer(Runnable task) {
        return task instanceof Resumed ? offerFirst(task) : offerLast(task);
    }
}
