package dev.warden.bench;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The benchmark's knobs, as {@code key=value} arguments. The transform counts must match what node is given
 * (bench/run passes the same numbers to both).
 *
 * @param sections which measurements to run: trivial, fresh, threads, transform, phases, transform-fresh
 * @param warmupSeconds warm-up before each per-run and runs/s measurement of warm contexts
 * @param freshWarmupSeconds warm-up before the first fresh-context measurement (creating contexts and loading
 *                           modules is a lot of code for the JIT: it was still getting faster after 30 s)
 * @param batches repeats of each per-run and runs/s measurement
 * @param batchSeconds length of one such repeat
 * @param transformWarmup transform iterations before measuring
 * @param transformBatches repeats of the transform measurement
 * @param transformPerBatch transform iterations in one repeat
 * @param objects objects the transform builds per iteration
 * @param nodeScript bench/node/transform.mjs, which node runs alongside the transform measurement
 */
record BenchOptions(Set<String> sections, double warmupSeconds, double freshWarmupSeconds, int batches,
                    double batchSeconds, int transformWarmup, int transformBatches, int transformPerBatch,
                    int objects, Path nodeScript) {

    static final List<String> ALL = List.of("trivial", "fresh", "threads", "transform", "phases", "transform-fresh");

    static BenchOptions parse(String[] args) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("sections", String.join(",", ALL));
        values.put("warmup", "20");
        values.put("fresh-warmup", "45");
        values.put("batches", "15");
        values.put("batch-seconds", "1");
        values.put("transform", "600,15,20,10000");
        values.put("node", "bench/node/transform.mjs");
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (eq < 0 || !values.containsKey(arg.substring(0, eq))) {
                throw new IllegalArgumentException("unknown argument '" + arg + "'; known: " + values.keySet()
                        + " as key=value, e.g. transform=WARMUP,BATCHES,PER_BATCH,OBJECTS");
            }
            values.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        Set<String> sections = Set.of(values.get("sections").split(","));
        if (!ALL.containsAll(sections)) {
            throw new IllegalArgumentException("sections must be among " + ALL);
        }
        String[] t = values.get("transform").split(",");
        return new BenchOptions(sections, Double.parseDouble(values.get("warmup")),
                Double.parseDouble(values.get("fresh-warmup")),
                Integer.parseInt(values.get("batches")), Double.parseDouble(values.get("batch-seconds")),
                Integer.parseInt(t[0]), Integer.parseInt(t[1]), Integer.parseInt(t[2]), Integer.parseInt(t[3]),
                Path.of(values.get("node")));
    }

    boolean runs(String section) {
        return sections.contains(section);
    }
}
