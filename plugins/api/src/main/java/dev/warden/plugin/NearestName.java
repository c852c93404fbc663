package dev.warden.plugin;

import java.util.Collection;
import java.util.Locale;

/** The known name closest to a mistyped one, for "did you mean" hints (Warden's own settings and keys, and {@link RuleArguments}). */
public final class NearestName {

    private NearestName() {
    }

    /**
     * The name in {@code names} fewest letters away from {@code wanted} (case aside), if at most {@code most} away;
     * else null. Ties go to the first in iteration order.
     */
    public static String of(String wanted, Collection<String> names, int most) {
        String best = null;
        int bestDistance = most + 1;
        for (String name : names) {
            int d = distance(wanted.toLowerCase(Locale.ROOT), name.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                best = name;
                bestDistance = d;
            }
        }
        return best;
    }

    /** Letters added, dropped or changed to turn one into the other (Levenshtein). */
    public static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int change = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(change, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
