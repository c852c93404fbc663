package dev.warden.rules;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.warden.rules.internal.RuleCompiler;

/**
 * The rules of one rules folder, kept current by {@link #refresh()}.
 *
 * <p>A file that stops compiling keeps its last good version running and reports its problems; a removed file's
 * rules disappear. An id defined twice belongs to the file whose path sorts first (by the path under the folder), live
 * and after a restart alike; the other definition is reported as a problem. Refreshes are serialized; readers see an immutable snapshot, so the catalog is thread-safe.
 */
public final class RuleCatalog {

    private static final Logger LOG = LoggerFactory.getLogger(RuleCatalog.class);

    /**
     * What one refresh found.
     *
     * @param warnings by file, what does not stop a file loading but its author should see (a promise its top
     *                 level rejected and left unhandled)
     */
    public record Snapshot(Map<String, LoadedRule> rules, Map<String, List<RuleProblem>> problems,
                           Map<String, List<RuleProblem>> warnings) {

        public Snapshot(Map<String, LoadedRule> rules, Map<String, List<RuleProblem>> problems) {
            this(rules, problems, Map.of());
        }

        /**
         * The webhooks the rules declare, each with its rules (by rule id, enabled or not); hooks in the order their
         * first rule's id comes.
         */
        public Map<String, List<LoadedRule>> byHook() {
            Map<String, List<LoadedRule>> map = new LinkedHashMap<>();
            rules.values().stream().sorted(Comparator.comparing(LoadedRule::id)).forEach(rule -> {
                for (Trigger t : rule.definition().triggers()) {
                    if (t.type() == TriggerType.WEBHOOK) {
                        map.computeIfAbsent(t.name(), k -> new ArrayList<>()).add(rule);
                    }
                }
            });
            map.replaceAll((k, v) -> List.copyOf(v));
            return Collections.unmodifiableMap(map);
        }
    }

    private final Path root;
    private final RuleCompiler compiler;
    private final Map<String, String> seen = new HashMap<>();
    /**
     * By path, so that when two files define the same id the one whose path sorts first owns it, whichever loaded
     * first: a start then picks the same file as the running server did.
     */
    private final Map<String, RuleFile> lastGood = new TreeMap<>();
    private final Map<String, RuleFile> latest = new LinkedHashMap<>();
    private final List<Consumer<Snapshot>> listeners = new CopyOnWriteArrayList<>();
    private long libraryGeneration;
    private boolean folderMissing;
    private volatile Snapshot snapshot = new Snapshot(Map.of(), Map.of());

    public RuleCatalog(Path root, RuleCompiler compiler) {
        this.root = root.toAbsolutePath().normalize();
        this.compiler = compiler;
    }

    public Path root() {
        return root;
    }

    public Snapshot snapshot() {
        return snapshot;
    }

    public LoadedRule rule(String id) {
        return snapshot.rules().get(id);
    }

    public Collection<LoadedRule> rules() {
        return snapshot.rules().values();
    }

    /** Called after every refresh that changed something. */
    public void onChange(Consumer<Snapshot> listener) {
        listeners.add(listener);
    }

    /** Recompiles the files that changed since the last refresh; returns whether anything changed. */
    public synchronized boolean refresh() {
        if (!Files.isDirectory(root) && !lastGood.isEmpty()) {
            // Gone while its rules were loaded (unmounted, moved, a checkout being switched): keep them running
            // rather than drop every rule and its schedule.
            if (!folderMissing) {
                folderMissing = true;
                LOG.error("the rules folder {} is gone; the {} rule(s) loaded from it keep running until it is back",
                        root, snapshot.rules().size());
            }
            return false;
        }
        if (folderMissing) {
            folderMissing = false;
            LOG.info("the rules folder {} is back", root);
        }
        Map<String, Path> files = listFiles();
        boolean changed = seen.keySet().removeIf(name -> !files.containsKey(name));
        latest.keySet().retainAll(files.keySet());
        lastGood.keySet().retainAll(files.keySet());
        for (Map.Entry<String, Path> entry : files.entrySet()) {
            String now = contentHash(entry.getValue());
            if (now == null || now.equals(seen.get(entry.getKey()))) {
                continue;
            }
            seen.put(entry.getKey(), now);
            RuleFile compiled = compiler.compile(entry.getValue());
            RuleFile before = latest.put(entry.getKey(), compiled);
            if (before != null && before.version().equals(compiled.version())
                    && before.problems().equals(compiled.problems())) {
                continue;
            }
            changed = true;
            if (compiled.ok()) {
                RuleFile previous = lastGood.put(entry.getKey(), compiled);
                if (compiled.rules().isEmpty() || previous != null && previous.rules().isEmpty()) {
                    libraryGeneration++;
                }
                LOG.info("loaded {} ({} rule(s))", entry.getKey(), compiled.rules().size());
                compiled.warnings().forEach(w -> LOG.warn("{}", w));
            } else {
                compiled.problems().forEach(p -> LOG.warn("{}{}", p,
                        lastGood.containsKey(entry.getKey()) ? " (keeping the last good version)" : ""));
            }
        }
        if (changed) {
            snapshot = build();
            listeners.forEach(l -> l.accept(snapshot));
        }
        return changed;
    }

    private Snapshot build() {
        Map<String, LoadedRule> rules = new LinkedHashMap<>();
        Map<String, List<RuleProblem>> problems = new LinkedHashMap<>();
        Map<String, List<RuleProblem>> warnings = new LinkedHashMap<>();
        latest.forEach((name, file) -> {
            if (!file.ok()) {
                problems.put(name, file.problems());
            }
            if (!file.warnings().isEmpty()) {
                warnings.put(name, file.warnings());
            }
        });
        for (RuleFile file : lastGood.values()) {
            for (RuleDefinition rule : file.rules()) {
                LoadedRule existing = rules.get(rule.id());
                if (existing != null) {
                    RuleProblem duplicate = new RuleProblem(rule.site(), "rule id '" + rule.id()
                            + "' is already defined at " + existing.definition().site()
                            + " (the first file by path runs it; this definition is ignored)");
                    problems.computeIfAbsent(file.path(), k -> new ArrayList<>()).add(duplicate);
                    if (!snapshot.problems().getOrDefault(file.path(), List.of()).contains(duplicate)) {
                        LOG.warn("{}", duplicate);
                    }
                    continue;
                }
                rules.put(rule.id(), new LoadedRule(rule, file, file.version() + "/" + libraryGeneration));
            }
        }
        return new Snapshot(Map.copyOf(rules), Map.copyOf(problems), Map.copyOf(warnings));
    }

    private Map<String, Path> listFiles() {
        Map<String, Path> files = new LinkedHashMap<>();
        if (!Files.isDirectory(root)) {
            return files;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            walk.filter(Files::isRegularFile)
                    .filter(p -> p.toString().endsWith(".js") || p.toString().endsWith(".mjs"))
                    .filter(p -> !root.relativize(p).startsWith("node_modules"))
                    .sorted()
                    .forEach(p -> files.put(root.relativize(p).toString(), p));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list rules folder " + root, e);
        }
        return files;
    }

    private static String contentHash(Path file) {
        try {
            return RuleCompiler.hash(Files.readAllBytes(file));
        } catch (IOException e) {
            return null;
        }
    }
}
