package dev.warden.keys;

import dev.warden.audit.AuditLog;

/**
 * Authenticates a request's API key (from {@code x-api-key} or {@code Authorization: Bearer}) with the
 * failed-attempt throttle in front and every refusal audited. Thread-safe.
 */
public final class Authenticator {

    private final ApiKeys keys;
    private final FailureThrottle throttle;
    private final AuditLog audit;

    public Authenticator(ApiKeys keys, FailureThrottle throttle, AuditLog audit) {
        this.keys = keys;
        this.throttle = throttle;
        this.audit = audit;
    }

    /**
     * The key a request presents: the {@code x-api-key} header or a Bearer token, else null.
     *
     * @throws AccessDenied 401 KEY_AMBIGUOUS when both are sent and differ: which one the sender meant is unknown
     */
    public static String presented(String apiKeyHeader, String authorization) {
        String header = apiKeyHeader == null || apiKeyHeader.isBlank() ? null : apiKeyHeader.trim();
        String bearer = authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                ? authorization.substring(7).trim() : null;
        if (header != null && bearer != null && !header.equals(bearer)) {
            throw AccessDenied.unauthenticated("KEY_AMBIGUOUS", "the request sends two different API keys (x-api-key "
                    + "and Authorization: Bearer); send one");
        }
        return header != null ? header : bearer;
    }

    /**
     * @throws AccessDenied 429 when the address is throttled, 401 when the key is missing, invalid, expired or revoked
     */
    public Caller authenticate(String presented, String address, String target) {
        throttle.check(address);
        try {
            return keys.authenticate(presented);
        } catch (AccessDenied e) {
            if (e.code().equals("KEY_MISSING")) {
                // Not a guess: nothing to throttle (a scanner without a key learns nothing), but audited.
                audit.refusal(actorOf(presented), e.code(), target, e.getMessage(), address);
            } else {
                failed(e, e.actor() != null ? e.actor() : actorOf(presented), address, target);
            }
            throw e;
        }
    }

    /** Counts and audits a failed authentication that did not go through {@link #authenticate} (a bad signature). */
    public void failed(AccessDenied e, String actor, String address, String target) {
        if (throttle.failed(address)) {
            audit.record("address:" + address, "auth.throttled", target, "more failed authentications than "
                    + "allowed per minute; refusing this address for the rest of the minute", address);
        }
        audit.refusal(actor, e.code(), target, e.getMessage(), address);
    }

    /** Throws the 429 of a throttled address. */
    public void checkThrottle(String address) {
        throttle.check(address);
    }

    /** Audits a 403 of an authenticated caller. */
    public void forbidden(Caller caller, AccessDenied e, String address, String target) {
        audit.refusal(caller.actor(), e.code(), target, e.getMessage(), address);
    }

    /** Names an unauthenticated caller in the audit by its key's non-secret prefix only, never the secret. */
    private static String actorOf(String presented) {
        if (presented == null || presented.isBlank()) {
            return "anonymous";
        }
        String token = presented.trim();
        return token.startsWith(KeyTokens.MARK) && KeyTokens.prefix(token) != null
                ? "unknown key " + KeyTokens.prefix(token) + "…" : "unknown key";
    }
}
