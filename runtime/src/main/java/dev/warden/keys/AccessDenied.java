package dev.warden.keys;

/**
 * A request refused by authentication (401), authorisation (403) or the failed-attempt throttle (429). The code
 * and message name which: {@code KEY_MISSING}, {@code KEY_INVALID}, {@code KEY_EXPIRED}, {@code KEY_REVOKED},
 * {@code SIGNATURE_*}, {@code SCOPE_MISSING}, {@code RULE_NOT_ALLOWED}, {@code HOOK_NOT_ALLOWED}, {@code THROTTLED}.
 */
public final class AccessDenied extends RuntimeException {

    private final int status;
    private final String code;
    private final long retryAfterSeconds;
    private final String actor;

    private AccessDenied(int status, String code, String message, long retryAfterSeconds, String actor) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.retryAfterSeconds = retryAfterSeconds;
        this.actor = actor;
    }

    private AccessDenied(int status, String code, String message, long retryAfterSeconds) {
        this(status, code, message, retryAfterSeconds, null);
    }

    /** A 401 for a key Warden knows (expired or revoked), which the audit then names. */
    static AccessDenied unauthenticated(String code, String message, ApiKey key) {
        return new AccessDenied(401, code, message, 0, key.actor());
    }

    public static AccessDenied unauthenticated(String code, String message) {
        return new AccessDenied(401, code, message, 0);
    }

    public static AccessDenied forbidden(String code, String message) {
        return new AccessDenied(403, code, message, 0);
    }

    public static AccessDenied throttled(long retryAfterSeconds) {
        return new AccessDenied(429, "THROTTLED", "too many failed authentication attempts from this address; "
                + "retry in " + retryAfterSeconds + " s", retryAfterSeconds);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    /** The key refused, when Warden knows it (expired, revoked), else null. */
    public String actor() {
        return actor;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
