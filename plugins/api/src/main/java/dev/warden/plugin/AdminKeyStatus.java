package dev.warden.plugin;

import java.time.Instant;

/**
 * An admin key's state as Confluence reports it.
 *
 * @param accountId the account holding the key, or null when inactive
 * @param expiresAt when the key stops working, or null when inactive
 */
public record AdminKeyStatus(boolean active, String accountId, Instant expiresAt) {

    public static AdminKeyStatus inactive() {
        return new AdminKeyStatus(false, null, null);
    }
}
