package dev.warden.simulator.internal;

import dev.warden.simulator.SeededUser;
import dev.warden.simulator.internal.compliance.ComplianceKey;
import dev.warden.simulator.internal.directory.User;
import java.util.List;

/** The public view of the site's users, with their tokens and Compliance keys. */
public final class SeededUsers {
    private SeededUsers() {}

    public static List<SeededUser> of(SimulatedSite site) {
        return site.directory().users().stream().map(user -> of(site, user)).toList();
    }

    private static SeededUser of(SimulatedSite site, User user) {
        List<SeededUser.ComplianceKey> keys = site.compliance().keys().stream()
                .filter(key -> key.ownerAccountId().equals(user.accountId()))
                .map(SeededUsers::key)
                .toList();
        return new SeededUser(user.email(), user.accountId(), user.displayName(), user.role(), user.token(), keys,
                user.scopedTokens());
    }

    public static SeededUser.ComplianceKey key(ComplianceKey key) {
        return new SeededUser.ComplianceKey(key.name(), key.key(), key.scopes());
    }
}
