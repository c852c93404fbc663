package dev.warden.simulator.internal.compliance;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A Compliance for Confluence API key, bound to the user who created it.
 *
 * @param levelLimits level ids the key may touch; empty means no page-access limit
 * @param spaceLimits space keys the key may touch; empty means no space limit
 */
public record ComplianceKey(
        String name,
        String key,
        String ownerAccountId,
        Instant expiresAt,
        ScopeLevel classification,
        ScopeLevel detection,
        Set<String> levelLimits,
        Set<String> spaceLimits,
        boolean revoked) {

    public ComplianceKey {
        levelLimits = Set.copyOf(levelLimits);
        spaceLimits = Set.copyOf(spaceLimits);
    }

    public boolean expired(Instant now) {
        return expiresAt != null && !now.isBefore(expiresAt);
    }

    /** Scopes in the vendor's notation, e.g. {@code classification::write}; "none" grants are left out. */
    public List<String> scopes() {
        List<String> scopes = new ArrayList<>();
        if (classification != ScopeLevel.NONE) {
            scopes.add("classification::" + classification.wireName());
        }
        if (detection != ScopeLevel.NONE) {
            scopes.add("detection::" + detection.wireName());
        }
        return scopes;
    }
}
