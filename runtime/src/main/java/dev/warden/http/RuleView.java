package dev.warden.http;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.warden.rules.Durations;
import dev.warden.rules.LoadedRule;
import dev.warden.rules.RuleDefinition;
import dev.warden.rules.Trigger;
import dev.warden.scheduling.ScheduleSummary;

/**
 * How a rule appears in the API.
 *
 * @param enabled false when disabled through {@code POST /api/v1/rules/{id}/disable}
 * @param schedule for rules with cron or every triggers: last fire, its status, next fire
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RuleView(String id, String description, String file, String fileVersion, List<TriggerView> triggers,
                       Map<String, Integer> adminKey, String timeout, Boolean enabled, String misfire,
                       String concurrency, ScheduleSummary schedule) {

    /** One trigger in the API; only its type's fields are present. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record TriggerView(String type, String name, String expression, String zone, String interval,
                              String startAt, String endAt) {
        static TriggerView of(Trigger t) {
            return new TriggerView(t.type().jsName(), t.name(), t.expression(), t.zone(), t.interval(), t.startAt(),
                    t.endAt());
        }
    }

    public static RuleView of(LoadedRule rule) {
        return of(rule, null, null);
    }

    /** With its enabled state and, for scheduled rules, its policies and schedule summary. */
    public static RuleView of(LoadedRule rule, Boolean enabled, ScheduleSummary schedule) {
        RuleDefinition d = rule.definition();
        boolean scheduled = d.isScheduled();
        return new RuleView(d.id(), d.description(), d.file(), d.fileVersion(),
                d.triggers().stream().map(TriggerView::of).toList(),
                d.adminKeyMinutes() == null ? null : Map.of("minutes", d.adminKeyMinutes()),
                Durations.format(d.timeout()), enabled, scheduled ? d.misfire().jsName() : null,
                scheduled ? d.concurrency().jsName() : null, schedule);
    }
}
