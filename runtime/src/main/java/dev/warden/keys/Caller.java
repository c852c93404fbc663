package dev.warden.keys;

import java.util.Collection;
import java.util.List;

import dev.warden.Echo;

/**
 * Who is calling: an API key, or the local operator (the CLI working on the database, the bootstrap) who may do
 * anything. Immutable.
 */
public record Caller(String actor, ApiKey key) {

    public static Caller operator(String actor) {
        return new Caller(actor, null);
    }

    public static Caller of(ApiKey key) {
        return new Caller(key.actor(), key);
    }

    public boolean grants(Scope scope) {
        return key == null || key.grants(scope);
    }

    public boolean allowsRule(String ruleId) {
        return key == null || key.allowsRule(ruleId);
    }

    public boolean allowsHook(String hook) {
        return key == null || key.allowsHook(hook);
    }

    /** @throws AccessDenied 403 naming the missing scope */
    public void require(Scope scope) {
        if (!grants(scope)) {
            throw AccessDenied.forbidden("SCOPE_MISSING", "this API key (" + key.name() + ") lacks the scope '"
                    + scope.id() + "' (it has " + key.scopes().stream().map(Scope::id).sorted().toList() + ")");
        }
    }

    /** @throws AccessDenied 403 naming the rule limit */
    public void requireRule(String ruleId) {
        if (!allowsRule(ruleId)) {
            throw AccessDenied.forbidden("RULE_NOT_ALLOWED", "this API key (" + key.name() + ") is limited to the "
                    + "rules " + key.rules() + "; '" + Echo.of(ruleId) + "' is not one of them");
        }
    }

    /** @throws AccessDenied 403 naming the hook limit */
    public void requireHook(String hook) {
        if (!allowsHook(hook)) {
            String twin = key.hooks().stream().filter(h -> h.equalsIgnoreCase(hook)).findFirst().orElse(null);
            throw AccessDenied.forbidden("HOOK_NOT_ALLOWED", "this API key (" + key.name() + ") is limited to the "
                    + "webhooks " + key.hooks() + "; '" + Echo.of(hook) + "' is not one of them"
                    + (twin == null ? "" : " (hook names are case-sensitive: did you mean /hooks/" + twin + "?)"));
        }
    }

    /** Keys can hand on only what they have: no scope they lack, no limit wider than theirs. */
    void requireCanGrant(KeySpec spec) {
        requireCovers(spec.scopes(), spec.rules(), spec.hooks(), "creates");
    }

    /** Whether this caller could have created the key: its scopes are this caller's, its limits within this one's. */
    public boolean covers(ApiKey other) {
        return key == null || other.scopes().stream().allMatch(this::grants) && within(key.rules(), other.rules())
                && within(key.hooks(), other.hooks());
    }

    /** Whether limits {@code wanted} are within {@code mine} (none of mine: anything is). */
    private static boolean within(List<String> mine, List<String> wanted) {
        return mine.isEmpty() || !wanted.isEmpty() && mine.containsAll(wanted);
    }

    /** A key may revoke only keys it could have created: their scopes its own, their limits within its own. */
    void requireCanRevoke(ApiKey other) {
        requireCovers(other.scopes(), other.rules(), other.hooks(), "revokes");
    }

    private void requireCovers(Collection<Scope> scopes, List<String> rules, List<String> hooks, String verb) {
        if (key == null) {
            return;
        }
        scopes.forEach(this::require);
        requireWithin("rules", key.rules(), rules, verb);
        requireWithin("webhooks", key.hooks(), hooks, verb);
    }

    private void requireWithin(String what, List<String> mine, List<String> wanted, String verb) {
        if (!within(mine, wanted)) {
            throw AccessDenied.forbidden("LIMIT_EXCEEDED", "this API key (" + key.name() + ") is limited to the "
                    + what + " " + mine + "; a key it " + verb + " must be limited to some of them");
        }
    }
}
