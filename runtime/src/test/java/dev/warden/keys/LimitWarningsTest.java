package dev.warden.keys;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import dev.warden.rules.LoadedRule;
import dev.warden.rules.RuleCatalog;
import dev.warden.rules.RuleDefinition;
import dev.warden.rules.Trigger;
import dev.warden.rules.TriggerType;

/** The wording of limit warnings where the server tests do not reach: empty and large catalogs, short names. */
class LimitWarningsTest {

    private static RuleCatalog.Snapshot loaded(String... hookPerRule) {
        Map<String, LoadedRule> rules = new LinkedHashMap<>();
        for (String hook : hookPerRule) {
            Trigger trigger = new Trigger(TriggerType.WEBHOOK, hook, null, null, null, null, null, null);
            String id = "on-" + hook;
            rules.put(id, new LoadedRule(new RuleDefinition(id, null, id + ".js", "v1", List.of(trigger), null, null,
                    null), null, null));
        }
        return new RuleCatalog.Snapshot(rules, Map.of());
    }

    private static KeySpec limitedTo(List<String> rules, List<String> hooks) {
        return new KeySpec("k", Set.of(Scope.WEBHOOKS_TRIGGER), rules, hooks, null);
    }

    @Test
    void withNothingLoadedEveryLimitIsNamedAndSaysSo() {
        assertThat(LimitWarnings.of(limitedTo(List.of("a-rule"), List.of("a-hook")), loaded())).containsExactly(
                "rule 'a-rule' is not a loaded rule (no rule is loaded)",
                "hook 'a-hook' is not declared by any loaded rule (no loaded rule declares a webhook)");
    }

    @Test
    void aLongListOfKnownNamesIsCutAtTwentyAndCounted() {
        String[] hooks = IntStream.range(0, 25).mapToObj(i -> "hook-%02d".formatted(i)).toArray(String[]::new);
        String warning = LimitWarnings.of(limitedTo(List.of(), List.of("other")), loaded(hooks)).getFirst();
        assertThat(warning).contains("hook-00, hook-01").contains("hook-19, and 5 more)").doesNotContain("hook-20");
    }

    @Test
    void aShortNameIsOfferedOnlyANameOneLetterAway() {
        RuleCatalog.Snapshot two = loaded("ab", "page");
        assertThat(LimitWarnings.of(limitedTo(List.of(), List.of("xy", "pag")), two)).containsExactly(
                "hook 'xy' is not declared by any loaded rule (known hooks: ab, page)",
                "hook 'pag' is not declared by any loaded rule (known hooks: ab, page); did you mean 'page'?");
    }
}
