package dev.warden.webhooks;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Predicate;

import dev.warden.config.HookConfig;
import dev.warden.config.WebhooksConfig;
import dev.warden.rules.LoadedRule;
import dev.warden.rules.RuleCatalog;

/**
 * Which rules a webhook starts: every enabled rule whose triggers include {@code webhook(name)}.
 *
 * <p>The hook-to-rules map is rebuilt only when the catalog's snapshot changes; whether a rule is enabled is asked
 * on every request through {@code ruleEnabled} (always true until rules can be disabled). Thread-safe.
 */
public final class WebhookDispatcher {

    /** What a hook name resolves to. */
    /** What a hook starts: its enabled rules, the ids of its disabled ones, and whether it is configured. */
    public record Resolution(String hook, List<LoadedRule> enabled, List<String> disabled, boolean configured) {

        public boolean known() {
            return !enabled.isEmpty() || !disabled.isEmpty() || configured;
        }
    }

    private record Index(RuleCatalog.Snapshot snapshot, Map<String, List<LoadedRule>> byHook) {
    }

    private final RuleCatalog catalog;
    private final Predicate<String> ruleEnabled;
    private final WebhooksConfig config;
    private volatile Index index = new Index(null, Map.of());

    public WebhookDispatcher(RuleCatalog catalog, Predicate<String> ruleEnabled, WebhooksConfig config) {
        this.catalog = catalog;
        this.ruleEnabled = ruleEnabled;
        this.config = config;
    }

    public HookConfig config(String hook) {
        return config.hook(hook);
    }

    public Resolution resolve(String hook) {
        List<LoadedRule> rules = byHook().getOrDefault(hook, List.of());
        List<LoadedRule> enabled = rules.stream().filter(r -> ruleEnabled.test(r.id())).toList();
        List<String> disabled = enabled.size() == rules.size() ? List.of()
                : rules.stream().map(LoadedRule::id).filter(id -> !ruleEnabled.test(id)).toList();
        return new Resolution(hook, enabled, disabled, config.hooks().containsKey(hook));
    }

    /** A declared or configured hook whose name differs from {@code hook} only in letter case, or null. */
    public String caseInsensitiveMatch(String hook) {
        for (String name : allNames()) {
            if (name.equalsIgnoreCase(hook) && !name.equals(hook)) {
                return name;
            }
        }
        return null;
    }

    /** The route self-test: every hook a rule declares or the configuration names, with its problems. */
    public List<HookStatus> selfTest() {
        List<HookStatus> out = new ArrayList<>();
        for (String name : allNames()) {
            List<LoadedRule> rules = byHook().getOrDefault(name, List.of());
            int enabled = (int) rules.stream().filter(r -> ruleEnabled.test(r.id())).count();
            boolean configured = config.hooks().containsKey(name);
            List<String> problems = new ArrayList<>();
            if (rules.isEmpty()) {
                problems.add("configured in webhooks." + name + " but no loaded rule declares webhook('" + name
                        + "'): requests get 404");
            } else if (enabled == 0) {
                problems.add("every rule that declares it is disabled: requests get 404");
            }
            out.add(new HookStatus(name, rules.stream().map(LoadedRule::id).sorted().toList(), enabled, configured,
                    config.hook(name).auth().id(), problems));
        }
        return out;
    }

    private TreeSet<String> allNames() {
        TreeSet<String> names = new TreeSet<>(byHook().keySet());
        names.addAll(config.hooks().keySet());
        return names;
    }

    private Map<String, List<LoadedRule>> byHook() {
        RuleCatalog.Snapshot now = catalog.snapshot();
        Index current = index;
        if (current.snapshot() != now) {
            current = new Index(now, Map.copyOf(now.byHook()));
            index = current;
        }
        return current.byHook();
    }
}
