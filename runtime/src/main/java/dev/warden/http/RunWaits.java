package dev.warden.http;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

import dev.warden.runs.Run;
import dev.warden.runs.RunService;

/**
 * Wait mode without a waiting thread: the request hands its thread back (Javalin's {@code ctx.future}) and is
 * answered on a request thread once its runs end or the wait runs out. Runs end on the run writer's thread, which
 * must never do the answering (an answer may read the database, and such reads wait for that writer).
 */
public final class RunWaits {

    private final RunService runs;
    private final Executor answers;

    public RunWaits(RunService runs, Executor answers) {
        this.runs = runs;
        this.answers = answers;
    }

    /**
     * Completes on an {@code answers} thread with the runs as they ended, or with null when the wait ran out first
     * or a run is not running in this process (another instance's, or one left for a restart).
     */
    CompletableFuture<List<Run>> finished(List<Run> accepted, Duration wait) {
        List<CompletableFuture<Run>> each = accepted.stream().map(r -> runs.completion(r.id())).toList();
        return CompletableFuture.allOf(each.toArray(CompletableFuture[]::new))
                .exceptionally(e -> null)
                .completeOnTimeout(null, wait.toNanos(), TimeUnit.NANOSECONDS)
                .thenApplyAsync(ignored -> ended(each), answers);
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
