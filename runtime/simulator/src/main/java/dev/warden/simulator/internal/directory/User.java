package dev.warden.simulator.internal.directory;

import dev.warden.simulator.SeededUser;
import dev.warden.simulator.SeededUser.Role;
import java.util.List;
import java.util.Set;

/** A site user; immutable, group membership included. */
public record User(
        String accountId,
        String email,
        String displayName,
        Role role,
        String token,
        Set<String> groups,
        List<SeededUser.ScopedToken> scopedTokens) {

    /** The group Atlassian Cloud makes a site's admins members of. */
    public static final String SITE_ADMINS = "site-admins";

    public User {
        groups = Set.copyOf(groups);
        scopedTokens = List.copyOf(scopedTokens);
    }

    public boolean hasProductAccess() {
        return role != Role.NO_PRODUCT_ACCESS;
    }

    public boolean isOrgAdmin() {
        return role == Role.ORG_ADMIN;
    }

    /** Organization admins and site admins (members of {@code site-admins}) may hold an admin key. */
    public boolean mayHoldAdminKey() {
        return isOrgAdmin() || inGroup(SITE_ADMINS);
    }

    /** Whether the classic token still authenticates: a revoked user's token does not. */
    public boolean tokenActive() {
        return role != Role.REVOKED;
    }

    public boolean inGroup(String group) {
        return groups.contains(group);
    }
}
