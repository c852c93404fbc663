package dev.warden.simulator.internal;

/** Which API a path belongs to; error bodies differ between them. */
public enum ApiFamily {
    V1,
    V2,
    COMPLIANCE,
    CONTROL,
    OTHER;

    private static final String GATEWAY = "/ex/confluence/";

    public static ApiFamily of(String path) {
        String site = sitePath(path);
        if (site.startsWith("/wiki/api/v2/") || site.equals("/wiki/api/v2")) {
            return V2;
        }
        if (site.startsWith("/wiki/rest/api/") || site.equals("/wiki/rest/api")) {
            return V1;
        }
        if (path.startsWith("/compliance/")) {
            return COMPLIANCE;
        }
        if (path.startsWith("/__sim")) {
            return CONTROL;
        }
        return OTHER;
    }

    public static boolean isGateway(String path) {
        return path.startsWith(GATEWAY);
    }

    /** The path as the site URL would see it: {@code /ex/confluence/{cloudId}} stripped. */
    public static String sitePath(String path) {
        if (!isGateway(path)) {
            return path;
        }
        int slash = path.indexOf('/', GATEWAY.length());
        return slash < 0 ? "/" : path.substring(slash);
    }
}
