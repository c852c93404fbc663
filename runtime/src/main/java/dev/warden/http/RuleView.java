package dev.warden.http;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.warden.rules.Durations;
import dev.warden.rules.LoadedRule;
import dev.warden.rules.RuleDefinition;
import dev.warden.rules.Trigger;

/** How a rule appears in the API. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RuleView(String id, String description, String file, String fileVersion, List<TriggerView> triggers,
                       Map<String, Integer> adminKey, String timeout) {

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
        RuleDefinition d = rule.definition();
        return new RuleView(d.id(), d.description(), d.file(), d.fileVersion(),
                d.triggers().stream().map(TriggerView::of).toList(),
                d.adminKeyMinutes() == null ? null : Map.of("minutes", d.adminKeyMinutes()),
                Durations.format(d.timeout()));
    }
}
