package dev.warden.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.graalvm.polyglot.Engine;

import dev.warden.config.ConfigLoader;
import dev.warden.config.EngineConfig;
import dev.warden.engine.RuleEngine;
import dev.warden.engine.RunInvocation;
import dev.warden.engine.RunOutcome;
import dev.warden.engine.Workbench;
import dev.warden.rules.LoadedRule;
import dev.warden.runs.RunStatus;

/**
 * The engine benchmark: per-run overhead of a trivial rule (warm context vs a fresh context per run), runs/s on
 * one and two threads, and a CPU-bound rule whose workload node also runs (bench/node). A plain harness run by
 * {@code bench/run}; result lines go to stdout, progress to stderr. Arguments: see {@link BenchOptions}.
 */
public final class EngineBenchmark {

    private static final String EVENT = "{}";

    private final BenchOptions options;
    private final Results results;
    private final RuleEngine engine;
    private final Map<String, LoadedRule> rules = new LinkedHashMap<>();
    private final AtomicLong sink = new AtomicLong();
    private MachineLoad sectionLoad;

    private EngineBenchmark(BenchOptions options, Results results, Workbench workbench) {
        this.options = options;
        this.results = results;
        this.engine = workbench.engine();
        workbench.catalog().refresh();
        if (!workbench.catalog().snapshot().problems().isEmpty()) {
            throw new IllegalStateException("benchmark rules do not compile: "
                    + workbench.catalog().snapshot().problems());
        }
        for (String id : List.of(BenchRules.TRIVIAL, BenchRules.TRANSFORM, BenchRules.PHASES)) {
            rules.put(id, workbench.catalog().rule(id));
        }
    }

    public static void main(String[] args) throws Exception {
        BenchOptions options = BenchOptions.parse(args);
        Results results = new Results(System.out);
        describeMachine(results);
        Path root = Files.createTempDirectory("warden-bench-rules");
        BenchRules.writeTo(root, options.objects());
        try (Workbench workbench = new Workbench(root, engineDefaults(), List.of())) {
            new EngineBenchmark(options, results, workbench).run();
        } finally {
            deleteTree(root);
        }
    }

    private void run() throws Exception {
        LoadedRule trivial = rules.get(BenchRules.TRIVIAL);
        LoadedRule transform = rules.get(BenchRules.TRANSFORM);
        if (options.runs("trivial")) {
            section("trivial rule, warm context, 1 thread");
            check(execute(trivial, EVENT));
            record("trivial.warm", "µs/run", Timing.microsPerCall(() -> execute(trivial, EVENT),
                    options.warmupSeconds(), options.batches(), options.batchSeconds()));
        }
        if (options.runs("fresh")) {
            section("trivial rule, fresh context per run, 1 thread");
            FreshContextRun fresh = new FreshContextRun(engine);
            record("trivial.fresh", "µs/run", Timing.microsPerCall(() -> sink.addAndGet(
                    fresh.run(trivial, "bench", EVENT).length()), options.freshWarmupSeconds(), options.batches(),
                    options.batchSeconds()));
        }
        if (options.runs("threads")) {
            section("trivial rule, warm contexts, 1 thread");
            record("throughput.warm.1", "runs/s", throughput(1, () -> () -> execute(trivial, EVENT)));
            section("trivial rule, warm contexts, 2 threads");
            record("throughput.warm.2", "runs/s", throughput(2, () -> () -> execute(trivial, EVENT)));
            section("trivial rule, fresh context per run, 2 threads");
            record("throughput.fresh.2", "runs/s", throughput(2, () -> {
                FreshContextRun fresh = new FreshContextRun(engine);
                return () -> sink.addAndGet(fresh.run(trivial, "bench", EVENT).length());
            }));
        }
        if (options.runs("transform")) {
            section("CPU-bound transform, warm context, 1 thread, batches alternating with node's");
            new TransformComparison(engine, options, results).run(transform,
                    options.runs("phases") ? rules.get(BenchRules.PHASES) : null, options.nodeScript());
        }
        if (options.runs("transform-fresh")) {
            section("CPU-bound transform, fresh context per run, 1 thread");
            FreshContextRun fresh = new FreshContextRun(engine);
            record("java.transform.fresh", "ms/iteration", Timing.millisPerCall(
                    () -> sink.addAndGet(fresh.run(transform, "bench", EVENT).length()),
                    options.transformWarmup() / 4, options.transformBatches(), options.transformPerBatch()));
        }
        results.meta("sink", sink.get());
    }

    private void section(String title) {
        System.err.println(title);
        sectionLoad = MachineLoad.now();
    }

    /** Cores' worth of CPU other processes used since the section began. */
    private double load() {
        return sectionLoad.othersCoresSince();
    }

    /** Writes a measurement, how long its warm-up took, and the load from others meanwhile. */
    private void record(String key, String unit, Timing.Timed timed) {
        results.result(key, unit, Spread.of(timed.samples()), load());
        results.meta(key + ".warmupSeconds", String.format(Locale.ROOT, "%.0f", timed.warmUp().seconds()));
        if (!timed.warmUp().settled()) {
            results.meta(key + ".unsettled", "the figure had not settled when the warm-up stopped");
        }
    }

    private Timing.Timed throughput(int threads, Supplier<Runnable> perThread) throws InterruptedException {
        return Throughput.measure(threads, perThread, options.warmupSeconds() / 2, options.batches(),
                options.batchSeconds());
    }

    private RunOutcome execute(LoadedRule rule, String event) {
        RunOutcome outcome = engine.execute(rule, new RunInvocation("bench", event));
        sink.addAndGet(outcome.result() == null ? 0 : outcome.result().length());
        return outcome;
    }

    private static RunOutcome check(RunOutcome outcome) {
        if (outcome.status() != RunStatus.SUCCEEDED) {
            throw new IllegalStateException("benchmark rule failed: " + outcome.error().describe());
        }
        return outcome;
    }

    private static void describeMachine(Results results) {
        try (Engine probe = Engine.newBuilder("js").option("engine.WarnInterpreterOnly", "false").build()) {
            results.meta("polyglot.runtime", probe.getImplementationName());
        }
        results.meta("java.version", System.getProperty("java.vm.vendor") + " "
                + System.getProperty("java.vm.version"));
        results.meta("polyglot.version", polyglotVersion());
        results.meta("cores", Runtime.getRuntime().availableProcessors());
        results.meta("maxHeapMiB", Runtime.getRuntime().maxMemory() >> 20);
    }

    /** The Maven version of the polyglot jar ({@code Engine.getVersion()} says "Development Build" for it). */
    private static String polyglotVersion() {
        String jar = Path.of(Engine.class.getProtectionDomain().getCodeSource().getLocation().getPath())
                .getFileName().toString();
        return jar.replaceFirst("^polyglot-(.*)\\.jar$", "$1");
    }

    /** The engine settings a fresh install runs with: an empty config file, no WARDEN_* variables. */
    private static EngineConfig engineDefaults() throws IOException {
        Path empty = Files.createTempFile("warden-bench", ".properties");
        try {
            return new ConfigLoader(Map.of()).load(empty).engine();
        } finally {
            Files.deleteIfExists(empty);
        }
    }

    /** Deletes a benchmark's temp folder and what is in it, if it is there (the other benchmarks use it too). */
    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
