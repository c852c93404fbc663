package dev.warden.config;

import java.time.Duration;
import java.util.Set;

/**
 * Admin-key lease policy.
 *
 * @param allowedRules rule ids that may lease the key; empty (the default) means none until an admin lists them
 * @param maxMinutes the most minutes any rule may declare (1-60)
 * @param renewMargin renew the key when it expires within this margin while holders still run
 * @param linger keep the key after the last holder leaves, so back-to-back runs reuse it (0-10s)
 */
public record AdminKeyConfig(Set<String> allowedRules, int maxMinutes, Duration renewMargin, Duration linger) {
}
