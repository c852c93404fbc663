package dev.warden.plugin;

import java.time.Instant;

/**
 * An admin key's state as Confluence reports it.
 *
 * @param accountId the account holding the key, or null when inactive
 * @param expiresAt when the key stops working, or null when inactive or not known (after an enable, the runtime then
 *                  takes the key to last the minutes it asked for, counted from before the call)
 */
public record AdminKeyStatus(boolean active, String accountId, Instant expiresAt) {

    public static AdminKeyStatus inactive() {
        return new AdminKeyStatus(false, null, null);
    }
}
