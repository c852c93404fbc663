package dev.warden.confluence;

import java.util.Locale;

/** The scoped-token scope each Confluence endpoint Warden uses needs, to name the missing one in a diagnosis. */
final class RequiredScopes {

    private RequiredScopes() {
    }

    /**
     * @param path the request path from {@code /wiki} on (a gateway prefix already removed)
     * @return the scope, or null for an endpoint not in the table
     */
    static String of(String method, String path) {
        String m = method.toUpperCase(Locale.ROOT);
        boolean read = m.equals("GET") || m.equals("HEAD");
        if (path.startsWith("/wiki/api/v2/admin-key")) {
            return read ? "read:configuration:confluence" : "write:configuration:confluence";
        }
        if (path.matches("/wiki/api/v2/pages/[^/]+/labels.*")) {
            return "read:label:confluence";
        }
        if (path.startsWith("/wiki/api/v2/pages") || path.matches("/wiki/api/v2/spaces/[^/]+/pages.*")) {
            return read ? "read:page:confluence" : m.equals("DELETE") ? "delete:page:confluence"
                    : "write:page:confluence";
        }
        if (path.startsWith("/wiki/api/v2/spaces")) {
            return "read:space:confluence";
        }
        if (path.matches("/wiki/rest/api/content/[^/]+/restriction.*")) {
            return read ? "read:content.restriction:confluence" : "write:content.restriction:confluence";
        }
        if (path.startsWith("/wiki/rest/api/search")) {
            return "search:confluence";
        }
        if (path.startsWith("/wiki/rest/api/user")) {
            return "read:user:confluence";
        }
        if (path.startsWith("/wiki/rest/api/audit")) {
            return "read:audit-log:confluence";
        }
        return null;
    }
}
