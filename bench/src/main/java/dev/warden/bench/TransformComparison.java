package dev.warden.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.warden.engine.RuleEngine;
import dev.warden.engine.RunInvocation;
import dev.warden.engine.RunOutcome;
import dev.warden.rules.LoadedRule;
import dev.warden.runs.RunStatus;

/**
 * The CPU-bound rule against the same workload under node. Both warm up with the same number of iterations (the
 * JVM first, then node while the JVM idles); then their batches alternate, Warden then node, so each ratio
 * compares two batches that ran seconds apart under the same load from others.
 */
final class TransformComparison {

    private static final int PHASE_RUNS = 5;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RuleEngine engine;
    private final BenchOptions options;
    private final Results results;

    TransformComparison(RuleEngine engine, BenchOptions options, Results results) {
        this.engine = engine;
        this.options = options;
        this.results = results;
    }

    void run(LoadedRule transform, LoadedRule phases, Path nodeScript) throws IOException, InterruptedException {
        MachineLoad load = MachineLoad.now();
        results.meta("java.transform.result", execute(transform, "{}"));
        Timing.Timed warm = Timing.millisPerCall(() -> execute(transform, "{}"), options.transformWarmup(), 0,
                options.transformPerBatch());
        results.meta("java.transform.warmupSeconds", String.format(Locale.ROOT, "%.0f", warm.warmUp().seconds()));
        results.meta("transform.warmupIterations", options.transformWarmup());
        System.err.println("  node: warm-up of " + options.transformWarmup() + " iterations");
        try (NodeWorkload node = new NodeWorkload(nodeScript, options.transformWarmup(),
                options.transformPerBatch(), options.objects())) {
            results.meta("node.version", node.version());
            results.meta("node.transform.warmupSeconds", String.format(Locale.ROOT, "%.0f", node.warmupSeconds()));
            results.meta("node.transform.result", node.result());
            List<Double> java = new ArrayList<>();
            List<Double> nodeMillis = new ArrayList<>();
            List<Double> ratios = new ArrayList<>();
            for (int b = 0; b < options.transformBatches(); b++) {
                java.add(Timing.millisOver(() -> execute(transform, "{}"), options.transformPerBatch()));
                nodeMillis.add(node.batch());
                ratios.add(java.getLast() / nodeMillis.getLast());
                Results.progress("pair %2d: Warden %.2f ms, node %.2f ms: %.2fx", b + 1, java.getLast(),
                        nodeMillis.getLast(), ratios.getLast());
            }
            double others = load.othersCoresSince();
            results.result("java.transform", "ms/iteration", Spread.of(java), others);
            results.result("node.transform", "ms/iteration", Spread.of(nodeMillis), others);
            results.result("transform.ratio", "Warden/node", Spread.of(ratios), others);
            if (phases != null) {
                phases(phases, node);
            }
        }
    }

    /** Where the time goes: the workload's phases, timed inside the rule and inside node by the same code. */
    private void phases(LoadedRule phases, NodeWorkload node) throws IOException {
        MachineLoad load = MachineLoad.now();
        int iterations = options.transformPerBatch() * 2;
        String event = "{\"objects\":" + options.objects() + ",\"iterations\":" + iterations + "}";
        execute(phases, event);
        node.phases(iterations);
        Map<String, List<Double>> java = new LinkedHashMap<>();
        Map<String, List<Double>> nodeMillis = new LinkedHashMap<>();
        for (int r = 0; r < PHASE_RUNS; r++) {
            collect(execute(phases, event), java);
            collect(node.phases(iterations), nodeMillis);
        }
        double others = load.othersCoresSince();
        java.forEach((phase, ms) -> results.result("java.phase." + phase, "ms/iteration", Spread.of(ms), others));
        nodeMillis.forEach((phase, ms) -> results.result("node.phase." + phase, "ms/iteration", Spread.of(ms),
                others));
    }

    private static void collect(String json, Map<String, List<Double>> into) throws IOException {
        JsonNode times = JSON.readTree(json);
        times.properties().forEach(e -> into.computeIfAbsent(e.getKey(), k -> new ArrayList<>())
                .add(e.getValue().asDouble()));
    }

    private String execute(LoadedRule rule, String event) {
        RunOutcome outcome = engine.execute(rule, new RunInvocation("bench", event));
        if (outcome.status() != RunStatus.SUCCEEDED) {
            throw new IllegalStateException("benchmark rule failed: " + outcome.error().describe());
        }
        return outcome.result();
    }
}
