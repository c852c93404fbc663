package dev.warden.webhooks;

import java.util.List;

/**
 * One hook in the route self-test: which rules declare it, how many are enabled, whether it is configured, and
 * what is wrong (empty when nothing is).
 */
public record HookStatus(String name, List<String> rules, int enabledRules, boolean configured, String auth,
                         List<String> problems) {
}
