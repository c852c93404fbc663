package dev.warden.simulator.internal.auth;

import dev.warden.simulator.internal.ApiError;
import dev.warden.simulator.internal.ApiFamily;
import dev.warden.simulator.internal.ErrorBodies;
import dev.warden.simulator.internal.Errors;
import dev.warden.simulator.internal.SimulatedSite;
import dev.warden.simulator.internal.directory.Directory.ScopedCredential;
import dev.warden.simulator.internal.directory.User;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.Optional;

/**
 * Turns a Confluence request into a {@link Caller} or the failure-matrix answer of the API facts page, section 1.
 */
public final class SiteAuthenticator {
    public static final String ADMIN_KEY_HEADER = "Atl-Confluence-With-Admin-Key";

    private SiteAuthenticator() {}

    public static Caller authenticate(Context ctx, SimulatedSite site, ApiFamily family, String scope, Instant now) {
        if (!site.settings().admits(ctx.ip())) {
            throw ApiError.json(403, ErrorBodies.IP_REJECTED);
        }
        boolean gateway = ApiFamily.isGateway(ctx.path());
        if (gateway && !site.settings().cloudId().equals(ctx.pathParam("cloudId"))) {
            throw Errors.notFound(family);
        }
        Optional<BasicCredentials> credentials = BasicCredentials.parse(ctx.header("Authorization"));
        if (credentials.isEmpty()) {
            throw Errors.cannotAccess(family);
        }
        User user = gateway
                ? gatewayUser(site, credentials.get(), family, scope)
                : siteUser(site, credentials.get(), family);
        if (!user.hasProductAccess()) {
            throw Errors.cannotAccess(family);
        }
        return new Caller(user, family, adminKeyInEffect(ctx, site, user, now), ctx.ip(), now);
    }

    private static User siteUser(SimulatedSite site, BasicCredentials credentials, ApiFamily family) {
        if (site.directory().isScopedToken(credentials.token())) {
            throw new ApiError(401, "text/html;charset=utf-8", ErrorBodies.HTML_UNAUTHORIZED);
        }
        return site.directory().classic(credentials.email(), credentials.token())
                .filter(User::tokenActive)
                .orElseThrow(() -> Errors.cannotAccess(family));
    }

    private static User gatewayUser(SimulatedSite site, BasicCredentials credentials, ApiFamily family, String scope) {
        Optional<ScopedCredential> scoped = site.directory().scoped(credentials.email(), credentials.token());
        if (scoped.isEmpty()) {
            // A classic token carries no scopes, so the gateway answers as it does for a missing scope.
            boolean classic = site.directory().classic(credentials.email(), credentials.token())
                    .filter(User::tokenActive).isPresent();
            throw classic ? ApiError.json(401, ErrorBodies.SCOPE_MISMATCH) : Errors.cannotAccess(family);
        }
        if (!scoped.get().token().scopes().contains(scope)) {
            throw ApiError.json(401, ErrorBodies.SCOPE_MISMATCH);
        }
        return scoped.get().user();
    }

    private static boolean adminKeyInEffect(Context ctx, SimulatedSite site, User user, Instant now) {
        return "true".equalsIgnoreCase(ctx.header(ADMIN_KEY_HEADER))
                && user.mayHoldAdminKey()
                && site.settings().plan().hasAdminKey()
                && site.adminKeys().active(user.accountId(), now).isPresent();
    }
}
