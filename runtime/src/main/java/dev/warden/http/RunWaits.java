package dev.warden.http;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import dev.warden.runs.Run;
import dev.warden.runs.RunService;

/**
 * Wait mode without a waiting thread: the request hands its thread back (Javalin's {@code ctx.future}) and is
 * answered on a request thread once its runs end or the wait runs out. A run's end is signalled on the run writer's
 * thread (or, for a journaled run, on its worker), and neither may do the answering: an answer may read the database,
 * and such reads wait for that writer.
 */
public final class RunWaits implements AutoCloseable {

    private final RunService runs;
    private final Executor answers;
    /**
     * Ends waits that run out. One thread with a cancel-and-remove queue: a wait that ends in time costs an insert
     * and a removal, never a thread wake-up (CompletableFuture's own timeouts woke a common-pool thread for each).
     */
    private final ScheduledThreadPoolExecutor timeouts = new ScheduledThreadPoolExecutor(1, r -> {
        Thread t = new Thread(r, "warden-wait-timeouts");
        t.setDaemon(true);
        return t;
    });

    public RunWaits(RunService runs, Executor answers) {
        this.runs = runs;
        this.answers = answers;
        timeouts.setRemoveOnCancelPolicy(true);
    }

    /**
     * Completes on an {@code answers} thread with the runs as they ended, or with null when the wait ran out first
     * or a run is not running in this process (another instance's, or one left for a restart).
     */
    CompletableFuture<List<Run>> finished(List<Run> accepted, Duration wait) {
        List<CompletableFuture<Run>> each = accepted.stream().map(r -> runs.completion(r.id())).toList();
        CompletableFuture<Void> all = CompletableFuture.allOf(each.toArray(CompletableFuture[]::new))
                .exceptionally(e -> null);
        if (!all.isDone()) {
            ScheduledFuture<?> timeout = timeouts.schedule(() -> all.complete(null), wait.toNanos(),
                    TimeUnit.NANOSECONDS);
            all.whenComplete((ignored, e) -> timeout.cancel(false));
        }
        return all.thenApplyAsync(ignored -> ended(each), answers);
    }

    /**
     * Ends every wait now, as if it ran out, and gives the answers 200 ms to go out: called as Warden stops,
     * before its server does, so that a waiting caller gets its run ids (202) rather than a 500 or a broken
     * connection. The runs themselves are then cancelled or left for the restart as any other.
     */
    public void release() {
        // Each wait not ended yet is one queued timeout (waits that end cancel and remove theirs): run them now.
        List<Runnable> waiting = List.copyOf(timeouts.getQueue());
        waiting.forEach(Runnable::run);
        if (!waiting.isEmpty()) {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void close() {
        timeouts.shutdownNow();
    }

    private static List<Run> ended(List<CompletableFuture<Run>> each) {
        List<Run> ended = new ArrayList<>(each.size());
        for (CompletableFuture<Run> run : each) {
            if (!run.isDone()) {
                return null;
            }
            Run done = run.join();
            if (!done.status().finished()) {
                return null;
            }
            ended.add(done);
        }
        return ended;
    }
}
