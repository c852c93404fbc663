package dev.warden.http;

/** A registered route: its HTTP method (upper case) and path pattern such as {@code /api/v1/runs/{id}}. */
public record RouteInfo(String method, String path) {

    /** The key used by {@link ApiDocs}: {@code GET /api/v1/runs/{id}}. */
    public String key() {
        return method + " " + path;
    }
}
