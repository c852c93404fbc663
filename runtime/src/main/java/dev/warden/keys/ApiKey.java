package dev.warden.keys;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An API key as Warden shows it: never its secret, only the first characters ({@code prefix}) to recognise it.
 * Immutable.
 *
 * @param rules the rule ids it is limited to; empty means no limit
 * @param hooks the webhook names it is limited to; empty means no limit
 * @param expiresAt null when it never expires
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApiKey(String id, String name, String prefix, Set<Scope> scopes, List<String> rules,
                     List<String> hooks, Instant createdAt, String createdBy, Instant expiresAt, Instant revokedAt,
                     Instant lastUsedAt) {

    /** active, expired or revoked. */
    public String status(Instant now) {
        if (revokedAt != null) {
            return "revoked";
        }
        return expiresAt != null && !expiresAt.isAfter(now) ? "expired" : "active";
    }

    public boolean grants(Scope scope) {
        return scopes.contains(scope) || scopes.contains(Scope.ADMIN);
    }

    public boolean allowsRule(String ruleId) {
        return rules.isEmpty() || rules.contains(ruleId);
    }

    public boolean allowsHook(String hook) {
        return hooks.isEmpty() || hooks.contains(hook);
    }

    ApiKey withLastUsed(Instant at) {
        return new ApiKey(id, name, prefix, scopes, rules, hooks, createdAt, createdBy, expiresAt, revokedAt, at);
    }

    /** The prefix to show, or null for a chosen secret not used since an older version stored its first characters. */
    public String shownPrefix() {
        return KeyTokens.isLegacy(prefix) ? null : prefix + "…";
    }

    /** Who this key is in audit entries and logs, e.g. {@code key:Ab12Cd34 (ci)}. */
    public String actor() {
        return "key:" + id + " (" + name + ")";
    }
}
