package dev.warden.engine;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Value;

import dev.warden.config.EngineConfig;
import dev.warden.engine.internal.ContextCache;
import dev.warden.engine.internal.HeapGuard;
import dev.warden.engine.internal.JsErrors;
import dev.warden.engine.internal.JsonView;
import dev.warden.engine.internal.RunHost;
import dev.warden.engine.internal.WarmContext;
import dev.warden.engine.internal.Watchdog;
import dev.warden.outbound.RunDeadline;
import dev.warden.plugin.RuleApiProvider;
import dev.warden.rules.LoadedRule;
import dev.warden.rules.internal.RuleCompiler;
import dev.warden.rules.internal.RuleExports;
import dev.warden.runs.RunStatus;

/**
 * Executes rules on the calling thread, in a warm sandboxed context that this thread owns.
 *
 * <p>Each thread keeps its own contexts (one per rule file version, LRU-bounded), so a context is never touched by
 * two threads and module state persists between runs of the same file on the same thread. Timeouts, cancellation
 * and the heap guard are enforced by one {@link Watchdog}; a context that was stopped is discarded. Thread-safe.
 */
public final class RuleEngine implements AutoCloseable {


    private final Sandbox sandbox;
    private final Watchdog watchdog;
    private final RuleApis apis;
    private final Clock clock;
    private final boolean statementLimited;
    private final ThreadLocal<ContextCache> caches;
    private final Map<String, Watchdog.Guarded> running = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.Set<String> cancelRequested = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** Set once Warden is stopping: runs cancelled from then on say so. */
    private volatile boolean stopping;

    /** The codes of a run the watchdog stopped. */
    private static final java.util.Set<String> STOPPED_CODES = java.util.Set.of("TIMED_OUT", "MEMORY_GUARD",
            "CANCELLED");

    public RuleEngine(Sandbox sandbox, EngineConfig config, List<RuleApiProvider> providers, Clock clock) {
        this(sandbox, config, RuleApis.of(providers), clock);
    }

    public RuleEngine(Sandbox sandbox, EngineConfig config, RuleApis apis, Clock clock) {
        this.sandbox = sandbox;
        this.watchdog = new Watchdog(new HeapGuard(config.heapGuardPercent()));
        sandbox.leaveOpenWhen(() -> watchdog.stuckRuns() > 0);
        this.apis = apis;
        this.clock = clock;
        this.statementLimited = config.statementLimit() > 0;
        this.caches = ThreadLocal.withInitial(() -> new ContextCache(config.contextsPerWorker()));
    }

    public Sandbox sandbox() {
        return sandbox;
    }

    public Watchdog watchdog() {
        return watchdog;
    }

    /** Runs the rule once and reports how it ended; never throws for anything the rule does. */
    public RunOutcome execute(LoadedRule rule, RunInvocation invocation) {
        return execute(rule, invocation, Duration.ZERO);
    }

    /**
     * Runs the rule with what is left of its timeout once {@code spent} went on getting ready (waiting for the
     * admin key to be enabled): the timeout bounds the whole run, not only the rule's code.
     */
    public RunOutcome execute(LoadedRule rule, RunInvocation invocation, Duration spent) {
        ContextCache cache = caches.get();
        String file = rule.file().path();
        // A context knows the namespaces of the moment it was built; plugins starting or stopping rebuild it.
        String key = rule.contextKey() + "@" + apis.version();
        WarmContext warm = cache.get(file, key);
        if (warm == null) {
            try {
                warm = warmUp(rule, key);
            } catch (PolyglotException e) {
                return new RunOutcome(RunStatus.FAILED, null, JsErrors.of("LOAD_ERROR", e), List.of());
            } catch (WarmUpStopped e) {
                return new RunOutcome(RunStatus.FAILED, null, RunError.of("LOAD_ERROR", e.getMessage()), List.of());
            }
            cache.put(file, warm);
        }
        Object event;
        try {
            event = invocation.eventHead() == null ? JsonView.of(invocation.eventJson())
                    : JsonView.of(invocation.eventHead(), invocation.eventBody());
        } catch (IllegalArgumentException e) {
            return new RunOutcome(RunStatus.FAILED, null, RunError.of("BAD_EVENT", e.getMessage()), List.of());
        }
        RunHost host = warm.host();
        host.begin(invocation.runId(), rule.id());
        if (statementLimited) {
            warm.context().resetLimits();
        }
        Duration budget = rule.definition().timeout().minus(spent);
        budget = budget.isNegative() || budget.isZero() ? Duration.ofMillis(1) : budget;
        Watchdog.Guarded guard = watchdog.watch(warm.context(), budget, () -> "run "
                + invocation.runId() + " of rule " + rule.id());
        RunDeadline.begin(budget);
        running.put(invocation.runId(), guard);
        if (cancelRequested.remove(invocation.runId())) {
            watchdog.cancel(guard);
        }
        RunOutcome outcome;
        boolean neverSettled = false;
        try {
            // Finding the rule among the exports is guarded too: an export can be a getter or a Proxy.
            Value spec = guard.reason() != null ? null : RuleExports.find(warm.exports(), rule.id());
            if (guard.reason() != null) {
                outcome = stopped(rule, spent, guard, null);
            } else if (spec == null) {
                cache.discard(file);
                outcome = failed(RunError.of("LOAD_ERROR", "rule " + rule.id() + " is no longer exported by "
                        + file));
            } else {
                Value state = warm.invoke().execute(spec, event, invocation.runId(), rule.id(),
                        rule.file().version());
                neverSettled = !state.getMember("done").asBoolean();
                outcome = settled(state);
            }
        } catch (PolyglotException e) {
            outcome = withThrownValue(stopped(rule, spent, guard, e), warm.invoke(), e);
        } catch (RuntimeException e) {
            // Not the rule's error but the host's reading of what it left (a value of an unexpected kind): the run
            // fails and the context, in a state nothing expected, is not reused.
            outcome = failed(RunError.of("INTERNAL", "Warden could not read the run's outcome: " + e));
        } finally {
            RunDeadline.end();
            running.remove(invocation.runId());
            cancelRequested.remove(invocation.runId());
            watchdog.release(guard);
        }
        List<LogLine> logs = host.end();
        // A promise that never settled may still be resumed by a later run of the file (its resolver kept in
        // module state), and would then act inside that run: such a context is not reused either.
        if (guard.reason() != null || neverSettled || outcome.error() != null && isFatal(outcome.error().code())) {
            cache.discard(file);
        }
        // Stopped by the watchdog but ended otherwise (succeeded at the last moment, or failed while the error was
        // being read, say through a Proxy that loops): it is what the watchdog stopped it for.
        if (guard.reason() != null && (outcome.error() == null || !STOPPED_CODES.contains(outcome.error().code()))) {
            outcome = stopped(rule, spent, guard, null);
        }
        return new RunOutcome(outcome.status(), outcome.result(), withPluginHint(outcome.error()), logs);
    }

    /**
     * A rule that failed on an undefined value while an enabled plugin is not started is told so: the namespace it
     * called is most likely that plugin's (a stopped plugin's namespace is absent from {@code ctx}, by design, so
     * that rules can test for it).
     */
    private RunError withPluginHint(RunError error) {
        if (error == null || !error.code().equals("RULE_ERROR") || error.diagnosis() != null
                || error.message() == null
                || !(error.message().startsWith("TypeError") || error.message().startsWith("ReferenceError"))) {
            return error;
        }
        List<String> notStarted = apis.notStarted();
        if (notStarted.isEmpty()) {
            return error;
        }
        return new RunError(error.code(), error.message(), error.file(), error.line(), error.column(), error.stack(),
                "enabled plugins not started now: " + String.join(", ", notStarted) + "; the namespaces they offer "
                        + "are missing from ctx (see GET /api/v1/plugins or `warden plugins`)");
    }

    /**
     * Stops a run (its outcome becomes CANCELLED); a run about to start is stopped as soon as it does. Returns
     * whether it was running.
     */
    public boolean cancel(String runId) {
        cancelRequested.add(runId);
        Watchdog.Guarded guard = running.get(runId);
        if (guard == null) {
            return false;
        }
        cancelRequested.remove(runId);
        watchdog.cancel(guard);
        return true;
    }

    /**
     * Runs stopped long ago whose code still runs (see {@link Watchdog#STUCK_AFTER}): each holds a worker until the
     * process ends. Shown by {@code GET /health} and the {@code warden_runs_stuck} metric.
     */
    public int stuckRuns() {
        return watchdog.stuckRuns();
    }

    /**
     * Drops the cancel that waits for the run to start ({@link #cancel}): the run ended without reaching
     * {@link #execute} (it failed or was cancelled while it waited for the admin key, say), and the id would stay here
     * for good.
     */
    public void forgetCancel(String runId) {
        cancelRequested.remove(runId);
    }

    /** How many cancels wait for their run to start (none once those runs ended). */
    public int cancelsAwaitingStart() {
        return cancelRequested.size();
    }

    /** Stops every running run (shutdown): they end CANCELLED, saying Warden was stopping. */
    public void cancelAll() {
        stopping = true;
        running.values().forEach(watchdog::cancel);
    }

    private WarmContext warmUp(LoadedRule rule, String key) {
        Context context = sandbox.newContext();
        try {
            RunHost host = new RunHost(apis.current(), clock);
            Value invoke = context.eval(sandbox.bootstrap()).execute(host);
            // The top level, not the rule's run: bounded as when the file was compiled, not by the rule's timeout
            // (a first run under load would otherwise fail for a slow compile).
            Watchdog.Guarded guard = watchdog.watch(context, RuleCompiler.TOP_LEVEL_LIMIT, () -> "the top level of "
                    + rule.file().path() + " (warming up rule " + rule.id() + ")");
            try {
                Value exports = context.eval(rule.file().source());
                return new WarmContext(key, context, host, exports, invoke);
            } catch (PolyglotException e) {
                if (guard.reason() == Watchdog.Reason.MEMORY) {
                    throw new WarmUpStopped("loading " + rule.file().path() + " was stopped because the heap was "
                            + "nearly full (engine.heapGuardPercent)");
                }
                if (guard.reason() != null) {
                    throw new WarmUpStopped("loading " + rule.file().path() + " (its top-level code, run once per "
                            + "worker) took longer than " + RuleCompiler.TOP_LEVEL_LIMIT.toSeconds() + "s; the host "
                            + "may be overloaded, or the top level does work that belongs inside run()");
                }
                throw e;
            } finally {
                watchdog.release(guard);
            }
        } catch (RuntimeException e) {
            context.close(true);
            throw e;
        }
    }

    private static RunOutcome settled(Value state) {
        if (!state.getMember("done").asBoolean()) {
            return failed(RunError.of("RULE_ERROR", "the rule's promise never settled: it awaited something that "
                    + "never resolves (Warden offers no timers; host calls complete synchronously)"));
        }
        Value error = state.getMember("error");
        if (error != null && !error.isNull() && !error.isException()) {
            // Rejected with a value that is not an Error (a plain object, a string): no stack to read, its text says it.
            return failed(RunError.of("RULE_ERROR", "the rule's promise was rejected with " + shown(error)));
        }
        if (error != null && !error.isNull()) {
            try {
                error.throwException();
            } catch (PolyglotException e) {
                String code = e.getMessage() != null && e.getMessage().contains("not JSON-serialisable")
                        ? "RESULT_NOT_JSON" : "RULE_ERROR";
                return failed(JsErrors.of(code, e));
            }
        }
        Value value = state.getMember("value");
        if (value == null || value.isNull()) {
            return new RunOutcome(RunStatus.SUCCEEDED, null, null, List.of());
        }
        // The bootstrap serialises with the JSON.stringify it kept before any rule code ran; the check is for
        // whatever else could reach here, since the text is stored and served as JSON as it is.
        if (!value.isString() || !IndexedJson.isOneValue(value.asString())) {
            return failed(RunError.of("RESULT_NOT_JSON", "the rule's result did not serialise to one JSON value"));
        }
        return new RunOutcome(RunStatus.SUCCEEDED, value.asString(), null, List.of());
    }

    /**
     * A rule that threw a value that is not an Error (a plain object, null, a number) is told what it threw, at the
     * line GraalJS placed it, in the words of the bootstrap's {@code describeThrown}.
     */
    private static RunOutcome withThrownValue(RunOutcome outcome, Value invoke, PolyglotException e) {
        RunError error = outcome.error();
        if (error == null || !error.code().equals("RULE_ERROR")) {
            return outcome;
        }
        Value thrown;
        try {
            thrown = e.isGuestException() ? invoke.getMember("describeThrown").execute(e.getGuestObject()) : null;
        } catch (RuntimeException unreadable) {
            return outcome;
        }
        if (thrown == null || !thrown.isString()) {
            return outcome;
        }
        String text = thrown.asString();
        text = text.length() > 500 ? text.substring(0, 500) + "…" : text;
        return failed(new RunError(error.code(), "the rule threw " + text + ", which is not an Error (throw new "
                + "Error('...') to say why with a stack)", error.file(), error.line(), error.column(), error.stack(),
                error.diagnosis()));
    }

    /** A guest value as text for an error message, at most 500 characters. */
    private static String shown(Value value) {
        String text = value.toString();
        return text.length() > 500 ? text.substring(0, 500) + "…" : text;
    }

    private RunOutcome stopped(LoadedRule rule, Duration spent, Watchdog.Guarded guard,
                               PolyglotException e) {
        Watchdog.Reason reason = guard.reason();
        if (reason == Watchdog.Reason.TIMEOUT) {
            return new RunOutcome(RunStatus.TIMED_OUT, null, withPlace("TIMED_OUT", "the run exceeded its timeout of "
                    + dev.warden.rules.Durations.format(rule.definition().timeout()) + (spent.toMillis() < 100 ? ""
                    : " (waiting for the admin key took " + dev.warden.rules.Durations.format(spent) + " of it)"), e),
                    List.of());
        }
        if (reason == Watchdog.Reason.MEMORY) {
            return failed(withPlace("MEMORY_GUARD", "the run was cancelled because the heap was nearly full "
                    + "(engine.heapGuardPercent); a rule allocating without bound is the usual cause", e));
        }
        if (reason == Watchdog.Reason.CANCELLED) {
            return cancelled();
        }
        if (e.isResourceExhausted() && statementLimited && e.getMessage() != null
                && e.getMessage().contains("Statement count limit")) {
            return failed(withPlace("STATEMENT_LIMIT", "the run executed more JavaScript statements than "
                    + "engine.statementLimit allows", e));
        }
        if (e.isResourceExhausted()) {
            return failed(withPlace("OUT_OF_MEMORY", "the run needed more memory than the JVM had (an array or string "
                    + "too large to allocate); the run was stopped and other runs go on", e));
        }
        if (e.isCancelled() || e.isInterrupted()) {
            return cancelled();
        }
        if (e.isHostException() || e.isInternalError()) {
            return failed(JsErrors.of("INTERNAL", e));
        }
        return failed(JsErrors.of("RULE_ERROR", e));
    }

    private static RunError withPlace(String code, String message, PolyglotException e) {
        if (e == null) {
            return RunError.of(code, message);
        }
        RunError at = JsErrors.of(code, e);
        return new RunError(code, message, at.file(), at.line(), at.column(), at.stack());
    }

    private static boolean isFatal(String code) {
        return code.equals("STATEMENT_LIMIT") || code.equals("OUT_OF_MEMORY") || code.equals("INTERNAL")
                || code.equals("CANCELLED");
    }

    private RunOutcome cancelled() {
        return new RunOutcome(RunStatus.CANCELLED, null, RunError.of("CANCELLED", stopping
                ? "the run was cancelled because Warden was stopping; it is not run again" : "the run was cancelled"),
                List.of());
    }

    private static RunOutcome failed(RunError error) {
        return new RunOutcome(RunStatus.FAILED, null, error, List.of());
    }

    @Override
    public void close() {
        watchdog.close();
    }

    /** Building a rule's context was stopped by the watchdog; the message says why. */
    private static final class WarmUpStopped extends RuntimeException {
        WarmUpStopped(String message) {
            super(message, null, false, false);
        }
    }
}
