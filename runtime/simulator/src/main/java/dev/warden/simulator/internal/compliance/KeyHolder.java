package dev.warden.simulator.internal.compliance;

import dev.warden.simulator.internal.ApiError;
import dev.warden.simulator.internal.ErrorBodies;
import dev.warden.simulator.internal.SimulatedSite;
import dev.warden.simulator.internal.content.Access;
import dev.warden.simulator.internal.content.Page;
import dev.warden.simulator.internal.content.Space;
import dev.warden.simulator.internal.directory.User;
import java.time.Instant;
import java.util.Optional;

/**
 * A request made with a valid Compliance key: the key, the user it is bound to, and the checks of its limits. The
 * key never sees more than its user could in Confluence, and the admin key gives it nothing.
 */
public record KeyHolder(SimulatedSite site, ComplianceKey key, Optional<User> user, Instant now) {

    public void requireScope(String family, ScopeLevel needed, ScopeLevel granted) {
        if (!granted.implies(needed)) {
            throw forbidden("API key '" + key.name() + "' lacks scope " + family + "::" + needed.wireName());
        }
    }

    /** A page the key's user may see, within the key's space limit; 404 or 403 otherwise. */
    public Page page(String pageId) {
        Page page = site.content().page(pageId)
                .filter(Page::isCurrent)
                .filter(p -> user.isPresent() && user.get().hasProductAccess()
                        && Access.canView(site.content(), user.get(), p))
                .orElseThrow(() -> notFound("Page " + pageId + " not found"));
        Space space = site.content().space(page.spaceId()).orElseThrow();
        if (!key.spaceLimits().isEmpty() && !key.spaceLimits().contains(space.key())) {
            throw forbidden("API key '" + key.name() + "' space limit does not include space " + space.key());
        }
        return page;
    }

    public boolean canEdit(Page page) {
        return user.isPresent() && Access.canEdit(site.content(), user.get(), page);
    }

    /** Refuses a level outside the key's page-access limit; no listed levels means no limit. */
    public void requireLevel(String levelId) {
        if (!key.levelLimits().isEmpty() && !key.levelLimits().contains(levelId)) {
            String name = site.compliance().level(levelId).map(Level::name).orElse(levelId);
            throw forbidden("API key '" + key.name() + "' page-access limit does not include level " + name);
        }
    }

    /** Whether the page is within the key's page-access limit, for filtering lists. */
    public boolean withinLevels(Page page) {
        if (key.levelLimits().isEmpty()) {
            return true;
        }
        return site.compliance().classification(page.id())
                .map(c -> key.levelLimits().contains(c.levelId())).orElse(false);
    }

    public static ApiError forbidden(String message) {
        return ApiError.json(403, ErrorBodies.compliance(message));
    }

    public static ApiError notFound(String message) {
        return ApiError.json(404, ErrorBodies.compliance(message));
    }

    public static ApiError badRequest(String message) {
        return ApiError.json(400, ErrorBodies.compliance(message));
    }
}
