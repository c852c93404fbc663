package dev.warden.metrics;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import dev.warden.runs.Run;
import dev.warden.runs.RunService;

/**
 * Warden's meters, scraped at {@code /metrics} in the Prometheus text format: runs by rule and status, run
 * duration, how long runs waited for a worker, queue depth, the run writer's backlog, writes and commits, webhook
 * requests by hook and status, Confluence calls by status, active leases.
 *
 * <p>Meters are looked up once per tag combination and cached, so counting on the request path costs a map lookup.
 * Thread-safe.
 */
public final class WardenMetrics {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Map<String, Timer> durations = new ConcurrentHashMap<>();
    private final Map<String, Timer> queueWaits = new ConcurrentHashMap<>();
    private volatile IntSupplier activeLeases = () -> 0;

    public WardenMetrics(RunService runs) {
        Gauge.builder("warden.queue.depth", runs, RunService::queueDepth)
                .description("Runs accepted and not yet started").register(registry);
        Gauge.builder("warden.queue.capacity", runs, RunService::queueCapacity)
                .description("Runs that may wait before new ones are refused with 429").register(registry);
        Gauge.builder("warden.store.pending", runs, RunService::storePending)
                .description("Run writes waiting for the database; webhooks wait while it is far behind")
                .register(registry);
        FunctionCounter.builder("warden.store.commits", runs, RunService::storeCommits)
                .description("Transactions the run writer committed (group commit: many writes each)")
                .register(registry);
        FunctionCounter.builder("warden.store.writes", runs, RunService::storeWrites)
                .description("Run writes (inserts, starts, ends) committed; divided by commits, writes per transaction")
                .register(registry);
        Gauge.builder("warden.leases.active", this, m -> m.activeLeases.getAsInt())
                .description("Admin-key leases held right now").register(registry);
        runs.onFinish(this::runFinished);
    }

    /** Runs stopped long ago whose code still runs, each holding a worker (see {@code RuleEngine.stuckRuns}). */
    public void stuckRuns(IntSupplier supplier) {
        Gauge.builder("warden.runs.stuck", supplier, IntSupplier::getAsInt).strongReference(true)
                .description("Runs stopped (timed out or cancelled) whose rule code still runs and holds a worker; "
                        + "restart Warden after fixing the rule").register(registry);
    }

    /** The size of the database's file, for a database Warden keeps the file of (the H2 file by default). */
    public void storeFileBytes(LongSupplier bytes) {
        // A strong reference: Micrometer holds a gauge's object weakly, and nothing else holds this supplier.
        Gauge.builder("warden.store.file", bytes, b -> b.getAsLong()).strongReference(true).baseUnit("bytes")
                .description("Size of the H2 database file; space freed inside it is reused").register(registry);
    }

    /** Where the leases feature reports how many leases are active (0 until it exists). */
    public void activeLeases(IntSupplier supplier) {
        this.activeLeases = supplier;
    }

    public void runFinished(Run run) {
        counters.computeIfAbsent("run|" + run.rule() + "|" + run.status(), k -> Counter.builder("warden.runs")
                .description("Finished runs by rule and status").tag("rule", run.rule())
                .tag("status", run.status().name()).register(registry)).increment();
        Long ms = run.durationMs();
        if (ms != null) {
            byRule(durations, "warden.run.duration", "How long runs took from start to end", run.rule())
                    .record(Duration.ofMillis(ms));
        }
        if (run.startedAt() != null) {
            // Accepted to started: time in the queue, the first thing to grow when the workers cannot keep up.
            byRule(queueWaits, "warden.run.queue.wait", "How long runs waited for a worker, from acceptance to start",
                    run.rule()).record(Duration.between(run.createdAt(), run.startedAt()));
        }
    }

    /** A histogram of run times (1 ms to 15 min) for one rule, registered on first use. */
    private Timer byRule(Map<String, Timer> timers, String name, String description, String rule) {
        return timers.computeIfAbsent(rule, r -> Timer.builder(name).description(description).tag("rule", r)
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofMinutes(15)).register(registry));
    }

    /** One webhook request; {@code hook} must be a known hook name or "unknown" (bounded tag values). */
    public void webhookRequest(String hook, int status) {
        counters.computeIfAbsent("hook|" + hook + "|" + status, k -> Counter.builder("warden.webhook.requests")
                .description("Webhook requests by hook and HTTP status").tag("hook", hook)
                .tag("status", Integer.toString(status)).register(registry)).increment();
    }

    /** One call to Confluence by the HTTP status it answered with (0 when no answer came). */
    public void confluenceCall(int status) {
        counters.computeIfAbsent("confluence|" + status, k -> Counter.builder("warden.confluence.requests")
                .description("Calls to Confluence by HTTP status").tag("status", Integer.toString(status))
                .register(registry)).increment();
    }

    /** The Prometheus text exposition. */
    public String scrape() {
        return registry.scrape();
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }
}
