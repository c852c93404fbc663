package dev.warden.cli;

import java.io.PrintWriter;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import dev.warden.config.WardenConfig;
import dev.warden.engine.RuleApis;
import dev.warden.engine.Workbench;
import dev.warden.rules.LoadedRule;
import dev.warden.rules.RuleCatalog;
import dev.warden.rules.RuleDefinition;
import dev.warden.rules.Trigger;
import dev.warden.scheduling.PlannedFire;
import dev.warden.scheduling.SchedulePreview;

/** {@code warden schedule <rule> [--next N]}: a rule's next fire times, computed from the rules folder. */
@Command(name = "schedule", mixinStandardHelpOptions = true,
        description = {"Print a rule's next fire times in its zone and in UTC, computed from the rule files and the "
                + "configuration (no server needed; whether the rule is disabled is known to the server only).",
                "Exit 0 when listed, 2 when no such rule is loaded."})
final class ScheduleCommand implements Callable<Integer> {

    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss xxx EEE");

    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOption config = new ConfigOption();

    @Parameters(paramLabel = "RULE-ID", description = "The rule's id.")
    String ruleId;

    @Option(names = "--next", paramLabel = "N", defaultValue = "5", description = "How many fires to list (default 5).")
    int count;

    @Override
    public Integer call() {
        WardenConfig settings = config.load();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (count < 1 || count > 1000) {
            err.println("warden schedule: --next must be from 1 to 1000");
            return Exit.USAGE;
        }
        try (Workbench bench = new Workbench(settings.paths().rules(), settings.engine(), RuleApis.of(List.of()),
                settings.zone())) {
            RuleCatalog catalog = bench.catalog();
            catalog.refresh();
            LoadedRule rule = catalog.rule(ruleId);
            if (rule == null) {
                err.println("warden schedule: no rule '" + ruleId + "' in " + catalog.root()
                        + (catalog.snapshot().problems().isEmpty() ? "" : "; `warden check` lists the files with "
                        + "problems"));
                return Exit.USAGE;
            }
            RuleDefinition d = rule.definition();
            if (!d.isScheduled()) {
                out.println(ruleId + " has no cron or every trigger; its triggers: " + String.join(", ",
                        d.triggers().stream().map(Trigger::describe).toList()));
                out.flush();
                return Exit.OK;
            }
            out.println(ruleId + " (misfire " + d.misfire().jsName() + ", concurrency " + d.concurrency().jsName()
                    + ", server zone " + settings.zone().getId() + ")");
            Instant now = Instant.now();
            for (Trigger t : d.triggers().stream().filter(Trigger::isScheduled).toList()) {
                String ended;
                try {
                    ended = SchedulePreview.noFurtherFires(ruleId, t, settings.zone(), now);
                } catch (IllegalArgumentException e) {
                    ended = "cannot be scheduled: " + e.getMessage();
                }
                out.println("  " + t.describe() + (ended == null ? "" : "  (" + ended + ")"));
            }
            List<PlannedFire> fires;
            try {
                fires = SchedulePreview.next(d, settings.zone(), now, count);
            } catch (IllegalArgumentException e) {
                err.println("warden schedule: " + ruleId + " cannot be scheduled: " + e.getMessage());
                return Exit.FAILED;
            }
            out.println(fires.isEmpty() ? "no further fires (no trigger fires again; see above)" : "next "
                    + fires.size() + " fire(s), local time in the trigger's zone, then UTC:");
            for (PlannedFire fire : fires) {
                out.printf("  %s %-20s %s  %s%n", LOCAL.format(fire.at()), fire.zone(), fire.utc(), fire.trigger());
            }
            out.flush();
            return Exit.OK;
        }
    }
}
