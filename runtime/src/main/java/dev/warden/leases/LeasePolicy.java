package dev.warden.leases;

import java.time.Duration;
import java.util.Set;

/**
 * Who may lease the admin key and how.
 *
 * @param allowedRules rule ids allowed to lease at all (none by default: an admin lists them)
 * @param maxMinutes the most minutes any rule may declare, at most 60
 * @param renewMargin re-enable the key when it expires within this margin while holders still run
 * @param linger keep the key this long after the last holder leaves, so back-to-back runs reuse it (default 0)
 */
public record LeasePolicy(Set<String> allowedRules, int maxMinutes, Duration renewMargin, Duration linger) {

    public LeasePolicy {
        allowedRules = Set.copyOf(allowedRules);
    }
}
