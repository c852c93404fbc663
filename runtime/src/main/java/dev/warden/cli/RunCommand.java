package dev.warden.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.f4b6a3.ulid.UlidCreator;

import dev.warden.Integrations;
import dev.warden.config.WardenConfig;
import dev.warden.engine.LogLine;
import dev.warden.engine.RuleResponse;
import dev.warden.engine.RunInvocation;
import dev.warden.engine.RuleEngine;
import dev.warden.engine.RunOutcome;
import dev.warden.engine.Workbench;
import dev.warden.http.Json;
import dev.warden.rules.LoadedRule;
import dev.warden.rules.RuleCatalog;
import dev.warden.rules.RuleProblem;
import dev.warden.runs.RunStatus;

/** {@code warden run}: one run in this process, not recorded in the run store. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run one rule once in this process and print its logs and result (the run is not recorded).",
                "Exit 0 on success, 1 when the rule fails, 2 on usage or compile errors."})
final class RunCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOption config = new ConfigOption();

    @Parameters(paramLabel = "FILE-OR-RULE-ID", description = "A rule file (.js/.mjs) or the id of a rule in the "
            + "rules folder.")
    String target;

    @Option(names = "--rule", paramLabel = "ID", description = "Which rule of the file, when it holds several.")
    String ruleId;

    @Option(names = "--event", paramLabel = "FILE", description = "JSON event: {\"body\": {...}, \"headers\": {...}, "
            + "\"query\": {...}}; type defaults to manual.")
    Path eventFile;

    @Option(names = "--json", description = "Print the whole outcome as one JSON object.")
    boolean json;

    @Override
    public Integer call() throws IOException, InterruptedException {
        WardenConfig settings = config.load();
        Path file = Path.of(target);
        boolean isFile = (target.endsWith(".js") || target.endsWith(".mjs")) && Files.isRegularFile(file);
        Path root = isFile ? file.toAbsolutePath().getParent() : settings.paths().rules();
        PrintWriter err = spec.commandLine().getErr();
        String event;
        try {
            event = event();
        } catch (IllegalArgumentException e) {
            err.println("warden run: " + e.getMessage());
            return Exit.USAGE;
        }
        try (Integrations integrations = Integrations.open(settings, java.time.Clock.systemUTC());
             Workbench bench = new Workbench(root, settings.engine(), integrations.ruleApis(), settings.zone())) {
            RuleCatalog catalog = bench.catalog();
            catalog.refresh();
            String fileName = isFile ? root.relativize(file.toAbsolutePath()).toString() : null;
            List<RuleProblem> problems = fileName == null ? List.of()
                    : catalog.snapshot().problems().getOrDefault(fileName, List.of());
            if (!problems.isEmpty()) {
                problems.forEach(p -> err.println(root.resolve(p.location().file()).normalize() + ":"
                        + p.location().line() + ":" + p.location().column() + ": " + p.message()));
                return Exit.USAGE;
            }
            LoadedRule rule = choose(catalog, fileName);
            if (rule == null) {
                return Exit.USAGE;
            }
            String runId = UlidCreator.getMonotonicUlid().toString();
            RunOutcome outcome = executeUnlessStuck(bench.engine(), rule, new RunInvocation(runId, event));
            if (outcome == null) {
                err.println("FAILED: rule " + rule.id() + " did not stop when its timeout stopped it, nor in the 10 s "
                        + "after: its code still runs (a rule that catches its own stack overflow and recurses again "
                        + "from the catch cannot be stopped); fix the rule");
                return Exit.FAILED;
            }
            print(rule, runId, outcome);
            return outcome.status() == RunStatus.SUCCEEDED ? Exit.OK : Exit.FAILED;
        }
    }

    /**
     * The run's outcome, or null when the watchdog gave it up as stuck: its thread (a daemon) then never ends, and the
     * command must still end. On its own thread so that this one can notice.
     */
    private static RunOutcome executeUnlessStuck(RuleEngine engine, LoadedRule rule, RunInvocation invocation)
            throws InterruptedException {
        CompletableFuture<RunOutcome> outcome = new CompletableFuture<>();
        Thread.ofPlatform().daemon().name("warden-run").start(() -> {
            try {
                outcome.complete(engine.execute(rule, invocation));
            } catch (Throwable e) {
                outcome.completeExceptionally(e);
            }
        });
        while (true) {
            try {
                return outcome.get(100, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                if (engine.stuckRuns() > 0) {
                    return null;
                }
            } catch (ExecutionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
            }
        }
    }

    private LoadedRule choose(RuleCatalog catalog, String fileName) {
        PrintWriter err = spec.commandLine().getErr();
        if (fileName == null) {
            LoadedRule rule = catalog.rule(target);
            if (rule == null) {
                err.println("warden run: no rule '" + target + "' in " + catalog.root() + " (and no such .js file)");
            }
            return rule;
        }
        List<LoadedRule> inFile = catalog.rules().stream().filter(r -> r.file().path().equals(fileName))
                .filter(r -> ruleId == null || r.id().equals(ruleId)).toList();
        if (inFile.size() == 1) {
            return inFile.getFirst();
        }
        err.println(inFile.isEmpty() ? "warden run: " + target + " exports no rule" + (ruleId == null ? ""
                : " with id '" + ruleId + "'") : "warden run: " + target + " holds several rules ("
                + inFile.stream().map(LoadedRule::id).toList() + "); choose one with --rule ID");
        return null;
    }

    private String event() throws IOException {
        ObjectNode event = Json.MAPPER.createObjectNode();
        event.put("type", "manual");
        event.put("firedAt", Instant.now().toString());
        if (eventFile != null) {
            JsonNode given;
            try {
                given = Json.MAPPER.readTree(Files.readString(eventFile));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalArgumentException(eventFile + " is not valid JSON at line "
                        + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ": "
                        + e.getOriginalMessage());
            } catch (java.nio.file.NoSuchFileException e) {
                throw new IllegalArgumentException("event file " + eventFile + " does not exist");
            }
            if (!given.isObject()) {
                throw new IllegalArgumentException(eventFile + " must hold a JSON object such as {\"body\": {...}}");
            }
            event.setAll((ObjectNode) given);
        }
        return Json.MAPPER.writeValueAsString(event);
    }

    private void print(LoadedRule rule, String runId, RunOutcome outcome) throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Map<String, Object> all = new LinkedHashMap<>();
            all.put("id", runId);
            all.put("rule", rule.id());
            all.put("status", outcome.status());
            RuleResponse chosen = RuleResponse.of(outcome.result());
            all.put("result", chosen != null ? chosen.body()
                    : outcome.result() == null ? null : Json.MAPPER.readTree(outcome.result()));
            if (chosen != null) {
                all.put("response", Map.of("status", chosen.status()));
            }
            all.put("error", outcome.error());
            all.put("logs", outcome.logs());
            out.println(Json.MAPPER.writeValueAsString(all));
            out.flush();
            return;
        }
        for (LogLine line : outcome.logs()) {
            out.println(line.time() + " " + line.level() + " " + line.message()
                    + (line.fields() == null ? "" : " " + line.fields()));
        }
        if (outcome.status() == RunStatus.SUCCEEDED) {
            RuleResponse chosen = RuleResponse.of(outcome.result());
            if (chosen != null) {
                out.println("respond(): HTTP " + chosen.status() + " in wait mode, with this body:");
            }
            out.println(outcome.result() == null ? "null" : Json.MAPPER.writerWithDefaultPrettyPrinter()
                    .writeValueAsString(chosen != null ? chosen.body() : Json.MAPPER.readTree(outcome.result())));
        } else {
            PrintWriter err = spec.commandLine().getErr();
            err.println(outcome.status() + ": " + outcome.error().describe());
            if (outcome.error().stack() != null) {
                err.println(outcome.error().stack());
            }
            err.flush();
        }
        out.flush();
    }
}
