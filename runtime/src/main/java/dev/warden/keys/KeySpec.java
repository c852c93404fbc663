package dev.warden.keys;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a new key should be: its name, scopes, limits and expiry (null for never). {@link #validate} names the first
 * problem.
 */
public record KeySpec(String name, Set<Scope> scopes, List<String> rules, List<String> hooks, Instant expiresAt) {

    private static final Pattern RULE_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");
    private static final Pattern HOOK = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    public KeySpec {
        rules = rules == null ? List.of() : List.copyOf(rules);
        hooks = hooks == null ? List.of() : List.copyOf(hooks);
        scopes = scopes == null ? Set.of() : Set.copyOf(scopes);
    }

    /** @throws IllegalArgumentException naming what is wrong */
    public void validate(Instant now) {
        if (name == null || name.isBlank() || name.length() > 128) {
            throw new IllegalArgumentException("a key needs a name of 1-128 characters, e.g. \"ci\"");
        }
        if (name.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("a key's name may not hold control characters (line breaks, tabs, "
                    + "NUL): it is shown in lists and the audit trail");
        }
        if (scopes.isEmpty()) {
            throw new IllegalArgumentException("a key needs at least one scope, e.g. webhooks:trigger");
        }
        for (String rule : rules) {
            if (!RULE_ID.matcher(rule).matches()) {
                throw new IllegalArgumentException("'" + rule + "' is not a rule id (a-z, 0-9 and '-')");
            }
        }
        for (String hook : hooks) {
            if (!HOOK.matcher(hook).matches()) {
                throw new IllegalArgumentException("'" + hook + "' is not a webhook name (letters, digits, '.', "
                        + "'_' and '-')");
            }
        }
        if (expiresAt != null && !expiresAt.isAfter(now)) {
            throw new IllegalArgumentException("the expiry " + expiresAt + " is already past");
        }
    }
}
