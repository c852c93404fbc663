package dev.warden.simulator.internal.auth;

import dev.warden.simulator.internal.ApiFamily;
import dev.warden.simulator.internal.directory.User;
import java.time.Instant;

/**
 * An authenticated Confluence request.
 *
 * @param withAdminKey the request carried {@code Atl-Confluence-With-Admin-Key: true} and the user holds an
 *     unexpired key; only then does the header have any effect
 * @param now the simulator's clock when the request arrived
 */
public record Caller(User user, ApiFamily family, boolean withAdminKey, String remoteAddress, Instant now) {}
