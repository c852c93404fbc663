package dev.warden.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns one bench/run session's result files, {@code java-jit.tsv} and (optional) {@code java-interpreter.tsv},
 * into the Markdown that goes into BENCHMARKS.md.
 */
public final class BenchReport {

    /** One measured line: its unit, its spread and the CPU other processes used meanwhile (cores). */
    record Row(String unit, Spread spread, double othersCores) {
    }

    private final Map<String, String> meta = new LinkedHashMap<>();
    private final Map<String, Row> rows = new LinkedHashMap<>();
    private final StringBuilder out = new StringBuilder();
    private final List<String> drifts = new ArrayList<>();

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        BenchReport report = new BenchReport();
        report.read(dir.resolve("java-jit.tsv"), "jit.");
        report.read(dir.resolve("java-interpreter.tsv"), "interpreter.");
        String markdown = report.render(args.length > 1 ? args[1] : "bench/run");
        Files.writeString(dir.resolve("engine.md"), markdown);
        System.out.print(markdown);
    }

    private void read(Path file, String prefix) throws IOException {
        if (!Files.isRegularFile(file)) {
            return;
        }
        for (String line : Files.readAllLines(file)) {
            String[] f = line.split("\t");
            if (f[0].equals("meta") && f.length >= 3) {
                meta.put(prefix + f[1], f[2]);
            } else if (f[0].equals("result") && f.length >= 8) {
                List<Double> samples = new ArrayList<>();
                for (double s : Spread.parseSamples(f[6])) {
                    samples.add(s);
                }
                rows.put(prefix + f[1], new Row(f[2], Spread.of(samples), Double.parseDouble(f[7])));
            }
        }
    }

    private String render(String command) {
        line("Machine: %s cores, %s GiB RAM; JDK %s; GraalVM polyglot %s (%s runtime); node %s.",
                meta.get("jit.cores"), memoryGiB(), meta.get("jit.java.version"), meta.get("jit.polyglot.version"),
                meta.get("jit.polyglot.runtime"), meta.get("jit.node.version"));
        line("Command: `%s`. Others' CPU = cores used by other processes during that measurement (of 2).", command);
        line("");
        line("| Measurement | unit | min | median | max | repeats | warm-up s | others' CPU |");
        line("|---|---|---:|---:|---:|---:|---:|---:|");
        row("jit.trivial.warm", "Trivial rule, warm context (`RuleEngine.execute`), 1 thread");
        row("jit.trivial.fresh", "Trivial rule, fresh context per run, 1 thread");
        row("jit.throughput.warm.1", "Trivial rule, warm contexts, 1 thread");
        row("jit.throughput.warm.2", "Trivial rule, warm contexts, 2 threads");
        row("jit.throughput.fresh.2", "Trivial rule, fresh context per run, 2 threads");
        row("jit.java.transform", "Transform of 10,000 objects, Warden rule, Graal JIT, warm context");
        row("jit.node.transform", "Same workload under node, batches alternating with the row above");
        row("jit.transform.ratio", "Warden / node, per pair of alternating batches");
        row("jit.java.transform.fresh", "Transform, Warden rule, fresh context per run");
        row("interpreter.trivial.warm", "Trivial rule, warm context, interpreter only (`WARDEN_JIT=false`)");
        row("interpreter.java.transform", "Transform, Warden rule, interpreter only");
        row("interpreter.node.transform", "Same workload under node, alternating with the row above");
        row("interpreter.transform.ratio", "Warden interpreter / node, per pair of batches");
        line("");
        for (String drift : drifts) {
            line("- Caution: %s", drift);
        }
        double perRun = median("jit.trivial.warm");
        double ratio = median("jit.transform.ratio");
        line("- Per-run overhead, warm: median %s µs (max %s) against a target of ≤ 50 µs: **%s**.",
                format(perRun), format(max("jit.trivial.warm")), perRun <= 50 ? "met" : "missed");
        line("- Transform vs node, warm: median ratio %.2fx (pairs from %.2fx to %.2fx; %.2fx on the best batches of "
                + "each) against a target of ≤ 1.5x: **%s**.", ratio, min("jit.transform.ratio"),
                max("jit.transform.ratio"), min("jit.java.transform") / min("jit.node.transform"),
                ratio <= 1.5 ? "met" : "missed");
        line("- Fresh context per run costs %.0fx a warm run (%s vs %s µs); 2 threads give %.2fx the runs/s of 1.",
                median("jit.trivial.fresh") / perRun, format(median("jit.trivial.fresh")), format(perRun),
                median("jit.throughput.warm.2") / median("jit.throughput.warm.1"));
        if (rows.containsKey("interpreter.transform.ratio")) {
            line("- Interpreter only: transform %.1fx node, trivial run %s µs.",
                    median("interpreter.transform.ratio"), format(median("interpreter.trivial.warm")));
        }
        line("- Transform warm-up: %s iterations in both (%s s in the JVM, %s s under node); both returned %s.",
                meta.getOrDefault("jit.transform.warmupIterations", "?"),
                meta.getOrDefault("jit.java.transform.warmupSeconds", "?"),
                meta.getOrDefault("jit.node.transform.warmupSeconds", "?"),
                sameResult() ? "the same result (" + meta.get("jit.node.transform.result") + ")" : "DIFFERENT results: "
                        + meta.get("jit.java.transform.result") + " vs " + meta.get("jit.node.transform.result"));
        phaseTable();
        return out.toString();
    }

    private void phaseTable() {
        List<String> phases = rows.keySet().stream().filter(k -> k.startsWith("jit.java.phase."))
                .map(k -> k.substring("jit.java.phase.".length())).toList();
        if (phases.isEmpty()) {
            return;
        }
        line("");
        line("Where the transform's time goes (ms/iteration; medians of %d alternating runs of `phaseTimes` in the rule "
                + "`transform-phases` and under node, timed with `Date.now()` in both):",
                rows.get("jit.java.phase." + phases.getFirst()).spread().samples().size());
        line("");
        line("| phase | Warden (JIT) | node | Warden / node |");
        line("|---|---:|---:|---:|");
        for (String phase : phases) {
            double java = median("jit.java.phase." + phase);
            double node = median("jit.node.phase." + phase);
            line("| %s | %s | %s | %.2fx |", phase, format(java), format(node), java / node);
        }
    }

    private boolean sameResult() {
        String java = meta.get("jit.java.transform.result");
        return java != null && java.equals(meta.get("jit.node.transform.result"));
    }

    private void row(String key, String label) {
        Row r = rows.get(key);
        if (r == null) {
            return;
        }
        driftOf(label, r.spread().samples());
        if (meta.containsKey(key + ".unsettled")) {
            drifts.add(label + ": " + meta.get(key + ".unsettled") + " (its warm-up hit the time limit).");
        }
        line("| %s | %s | %s | %s | %s | %d | %s | %.2f |", label, r.unit(), format(r.spread().min()),
                format(r.spread().median()), format(r.spread().max()), r.spread().samples().size(),
                meta.getOrDefault(key + ".warmupSeconds", ""), r.othersCores());
    }

    /** Notes a measurement whose last third of repeats differs by over 20% from its first (warm-up or load). */
    private void driftOf(String label, List<Double> samples) {
        int third = samples.size() / 3;
        if (third < 2) {
            return;
        }
        double first = Spread.of(samples.subList(0, third)).median();
        double last = Spread.of(samples.subList(samples.size() - third, samples.size())).median();
        if (Math.abs(last / first - 1) > 0.2) {
            drifts.add(String.format(Locale.ROOT, "%s moved %+.0f%% from the first to the last third of its repeats "
                    + "(%s to %s): still warming up, or the load changed.", label, (last / first - 1) * 100,
                    format(first), format(last)));
        }
    }

    private double median(String key) {
        Row r = rows.get(key);
        return r == null ? Double.NaN : r.spread().median();
    }

    private double min(String key) {
        Row r = rows.get(key);
        return r == null ? Double.NaN : r.spread().min();
    }

    private double max(String key) {
        Row r = rows.get(key);
        return r == null ? Double.NaN : r.spread().max();
    }

    private static String format(double value) {
        if (value >= 1000) {
            return String.format(Locale.ROOT, "%,.0f", value);
        }
        return String.format(Locale.ROOT, value >= 100 ? "%.0f" : value >= 10 ? "%.1f" : "%.2f", value);
    }

    private static String memoryGiB() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    long kib = Long.parseLong(line.replaceAll("\\D", ""));
                    return String.format(Locale.ROOT, "%.0f", kib / 1024.0 / 1024.0);
                }
            }
        } catch (IOException | RuntimeException ignored) {
            // Unknown memory is reported as such.
        }
        return "?";
    }

    private void line(String format, Object... args) {
        out.append(String.format(Locale.ROOT, format, args)).append('\n');
    }
}
