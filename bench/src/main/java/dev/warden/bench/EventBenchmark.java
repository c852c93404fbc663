package dev.warden.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.warden.config.EngineConfig;
import dev.warden.engine.IndexedJson;
import dev.warden.engine.RunInvocation;
import dev.warden.engine.RunOutcome;
import dev.warden.engine.Workbench;
import dev.warden.rules.LoadedRule;
import dev.warden.runs.RunStatus;

/**
 * What a run's {@code event} costs: a rule reading the event Warden hands it (the event's text checked and indexed,
 * behind {@code JsonView} proxies; Jackson-parsed before 2026-12-06 08:00) against the same rule given the body as
 * text that it parses with {@code JSON.parse}, which is what {@code bootstrap.js} did for every event before
 * 2026-11-23 20:00. Two bodies: the 5 KB page event of {@code bench/webhooks.sh} read at one field, and 10,000 items
 * read in full. A third way is how a webhook's runs get it: the body checked and indexed on arrival ({@code
 * IndexedJson}), so a run only decodes what the rule reads (the request thread did the check). Batches of the three
 * alternate, so that load from elsewhere hits them alike; ratios are taken per round. A second table: what that check
 * costs the request thread, against Jackson's. Run by {@code bench/run event}.
 */
public final class EventBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String READ_ONE = "return body.page.id;";
    private static final String READ_ALL = "let s = 0; for (const it of body.items) { if (it.score > 50) "
            + "s += it.id + it.name.length + it.tags.length; } return s;";

    private EventBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int batches = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        double batchSeconds = args.length > 1 ? Double.parseDouble(args[1]) : 1;
        Path root = Files.createTempDirectory("warden-bench-event");
        try {
            rule(root, "one-view", "const body = event.body; " + READ_ONE);
            rule(root, "one-parse", "const body = JSON.parse(event.body); " + READ_ONE);
            rule(root, "all-view", "const body = event.body; " + READ_ALL);
            rule(root, "all-parse", "const body = JSON.parse(event.body); " + READ_ALL);
            EngineConfig config = new EngineConfig(1, Duration.ofSeconds(60), Duration.ofMinutes(15), 0, 85, 64, 1000);
            try (Workbench bench = new Workbench(root, config, List.of())) {
                bench.catalog().refresh();
                String page = pageBody();
                String items = itemsBody();
                System.out.println("| body | event as JSON text (µs/run) | body as text + `JSON.parse` (µs/run) "
                        + "| ratio, per round | body indexed, as a webhook's runs get it (µs/run) "
                        + "| indexed / JSON text, per round |");
                System.out.println("|---|---|---|---|---|---|");
                compare(bench, "5 KB page event, one field read", "one", page, batches, batchSeconds);
                compare(bench, "%d KB, 10,000 items, all read".formatted(items.length() / 1024), "all", items,
                        batches, batchSeconds);
                System.out.println();
                System.out.println("| body | checked by Jackson, `skipChildren` (µs) | checked and indexed, `IndexedJson.read` "
                        + "(µs) | ratio, per round |");
                System.out.println("|---|---|---|---|");
                checks("5 KB page event", page, batches, batchSeconds);
                checks("%d KB, 10,000 items".formatted(items.length() / 1024), items, batches, batchSeconds);
            }
        } finally {
            EngineBenchmark.deleteTree(root);
        }
    }

    private static void compare(Workbench bench, String label, String kind, String body, int batches,
                                double batchSeconds) throws Exception {
        Runnable view = runner(bench, kind + "-view", "{\"type\":\"webhook\",\"body\":" + body + "}");
        Runnable parse = runner(bench, kind + "-parse", JSON.writeValueAsString(
                ordered("type", "webhook", "body", body)));
        IndexedJson checked = IndexedJson.read(body);
        Runnable indexed = runner(bench, kind + "-view", () -> RunInvocation.of("bench",
                new LinkedHashMap<>(Map.of("type", "webhook")), checked));
        // Warm-up: alternate until the JIT has had all three for a while.
        long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < until) {
            window(view, 0.5);
            window(parse, 0.5);
            window(indexed, 0.5);
        }
        List<Double> viewed = new ArrayList<>();
        List<Double> parsed = new ArrayList<>();
        List<Double> fromIndex = new ArrayList<>();
        List<Double> ratios = new ArrayList<>();
        List<Double> indexRatios = new ArrayList<>();
        for (int b = 0; b < batches; b++) {
            viewed.add(window(view, batchSeconds));
            parsed.add(window(parse, batchSeconds));
            fromIndex.add(window(indexed, batchSeconds));
            ratios.add(viewed.getLast() / parsed.getLast());
            indexRatios.add(fromIndex.getLast() / viewed.getLast());
            System.err.printf(Locale.ROOT, "%s batch %d: %.1f vs %.1f vs %.1f µs/run%n", kind, b + 1,
                    viewed.getLast(), parsed.getLast(), fromIndex.getLast());
        }
        System.out.printf(Locale.ROOT, "| %s | %s | %s | %s | %s | %s |%n", label, spread(viewed), spread(parsed),
                spread(ratios, "%.2f"), spread(fromIndex), spread(indexRatios, "%.2f"));
    }

    /**
     * What the request thread's check of a body costs: Jackson tokenizing it (what Warden did before 2026-12-06
     * 08:00, without an index) against Warden's own scan, which also builds the index runs read.
     */
    private static void checks(String label, String body, int batches, double batchSeconds) {
        JsonFactory factory = JSON.getFactory();
        Runnable jackson = () -> {
            try (JsonParser parser = factory.createParser(body)) {
                parser.nextToken();
                parser.skipChildren();
                if (parser.nextToken() != null) {
                    throw new IllegalStateException("more than one value");
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
        Runnable indexed = () -> {
            try {
                IndexedJson.read(body);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
        long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < until) {
            window(jackson, 0.5);
            window(indexed, 0.5);
        }
        List<Double> byJackson = new ArrayList<>();
        List<Double> byIndex = new ArrayList<>();
        List<Double> ratios = new ArrayList<>();
        for (int b = 0; b < batches; b++) {
            byJackson.add(window(jackson, batchSeconds / 2));
            byIndex.add(window(indexed, batchSeconds / 2));
            ratios.add(byIndex.getLast() / byJackson.getLast());
        }
        System.out.printf(Locale.ROOT, "| %s | %s | %s | %s |%n", label, spread(byJackson), spread(byIndex),
                spread(ratios, "%.2f"));
    }

    private static Runnable runner(Workbench bench, String id, String event) {
        return runner(bench, id, () -> new RunInvocation("bench", event));
    }

    /** {@code invocation} makes a new one per run: a run takes its event's head over. */
    private static Runnable runner(Workbench bench, String id, Supplier<RunInvocation> invocation) {
        LoadedRule rule = bench.catalog().rule(id);
        Supplier<RunOutcome> once = () -> bench.engine().execute(rule, invocation.get());
        RunOutcome first = once.get();
        if (first.status() != RunStatus.SUCCEEDED) {
            throw new IllegalStateException(id + " failed: " + first.error().describe());
        }
        return once::get;
    }

    /** µs per call over about {@code seconds}. */
    private static double window(Runnable call, double seconds) {
        long end = System.nanoTime() + (long) (seconds * 1e9);
        long start = System.nanoTime();
        int calls = 0;
        do {
            call.run();
            calls++;
        } while (System.nanoTime() < end);
        return (System.nanoTime() - start) / 1e3 / calls;
    }

    private static String spread(List<Double> samples) {
        return spread(samples, samples.stream().mapToDouble(d -> d).max().orElse(0) >= 100 ? "%.0f" : "%.1f");
    }

    private static String spread(List<Double> samples, String format) {
        Spread s = Spread.of(samples);
        return String.format(Locale.ROOT, format + " (" + format + "-" + format + ")", s.median(), s.min(), s.max());
    }

    private static void rule(Path root, String id, String body) throws IOException {
        Files.writeString(root.resolve(id + ".js"), """
                import { rule, manual } from 'warden';
                export default rule({ id: '%s', triggers: [manual()], run({ event }) { %s } });
                """.formatted(id, body));
    }

    /** The body bench/webhooks.sh posts: a Confluence page event padded to 5 KB. */
    static String pageBody() throws IOException {
        List<Object> labels = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            labels.add(ordered("name", "label-" + i, "prefix", "global", "id", String.valueOf(100000 + i)));
        }
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("id", "123456789");
        page.put("title", "Quarterly planning notes");
        page.put("url", "https://example.atlassian.net/wiki/x");
        page.put("space", ordered("key", "ENG", "name", "Engineering"));
        page.put("version", 7);
        page.put("labels", labels);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("page", page);
        body.put("user", ordered("accountId", "5b10ac8d82e05b22cc7d4ef5", "displayName", "Ada Lovelace"));
        body.put("trigger", "page_published");
        int length = JSON.writeValueAsString(body).length();
        body.put("padding", "x".repeat(Math.max(0, 5120 - length - 14)));
        return JSON.writeValueAsString(body);
    }

    private static String itemsBody() throws IOException {
        List<Object> items = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            items.add(ordered("id", i, "name", "item-" + i, "tags", List.of("a", "b"), "score", i % 97));
        }
        return JSON.writeValueAsString(ordered("items", items));
    }

    /** A map in the order given (Map.of's order changes from one JVM to the next, and so would the bodies). */
    private static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
