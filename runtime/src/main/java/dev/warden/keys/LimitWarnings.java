package dev.warden.keys;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

import dev.warden.plugin.NearestName;
import dev.warden.rules.RuleCatalog;

/**
 * The limits of a new key that match nothing loaded now: a rule id no loaded rule has, a webhook no loaded rule
 * declares. A key limited to a misspelled hook ({@code page-creatd}) is refused at every use, and nobody would be
 * told until a webhook fails; so creating it says so at once.
 *
 * <p>Warnings, not refusals: a key may well be made before the rule it is for is written or deployed, or while the
 * rule's file does not compile. Loaded means in the catalog, enabled or not.
 */
public final class LimitWarnings {

    /** How many known names a warning lists; a folder with hundreds of rules would drown the point. */
    private static final int SHOWN = 20;
    /** The most letters a known name may differ by to be offered as "did you mean" (1 for names of 4 or fewer). */
    private static final int NEAR = 2;

    private LimitWarnings() {
    }

    /** One warning per limit that matches nothing in {@code loaded}, in the spec's order; empty when all match. */
    public static List<String> of(KeySpec spec, RuleCatalog.Snapshot loaded) {
        TreeSet<String> ruleIds = new TreeSet<>(loaded.rules().keySet());
        TreeSet<String> hooks = new TreeSet<>(loaded.byHook().keySet());
        List<String> out = new ArrayList<>();
        for (String rule : spec.rules()) {
            if (!ruleIds.contains(rule)) {
                out.add("rule '" + rule + "' is not a loaded rule" + known("loaded rules", "no rule is loaded",
                        ruleIds) + near(rule, ruleIds));
            }
        }
        for (String hook : spec.hooks()) {
            if (!hooks.contains(hook)) {
                out.add("hook '" + hook + "' is not declared by any loaded rule" + known("known hooks",
                        "no loaded rule declares a webhook", hooks) + near(hook, hooks));
            }
        }
        return out;
    }

    private static String known(String label, String none, Collection<String> names) {
        if (names.isEmpty()) {
            return " (" + none + ")";
        }
        List<String> shown = names.stream().limit(SHOWN).toList();
        return " (" + label + ": " + String.join(", ", shown)
                + (names.size() > SHOWN ? ", and " + (names.size() - SHOWN) + " more" : "") + ")";
    }

    /** "; did you mean 'x'?" for the closest known name a letter or two away (case aside), else "". */
    private static String near(String wanted, Collection<String> names) {
        String best = NearestName.of(wanted, names, wanted.length() <= 4 ? 1 : NEAR);
        if (best == null) {
            return "";
        }
        return "; did you mean '" + best + "'?" + (best.equalsIgnoreCase(wanted) ? " (names are case-sensitive)" : "");
    }
}
