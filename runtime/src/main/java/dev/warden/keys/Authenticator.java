package dev.warden.keys;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

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
     * The key a request presents: its {@code x-api-key} headers or Bearer tokens, else null. Two different keys
     * (in either header, or the header sent twice) are a 401 KEY_AMBIGUOUS, audited but not counted as a failed
     * authentication: which one the sender meant is unknown, and the answer tells a guesser nothing.
     *
     * @param apiKeyHeaders every {@code x-api-key} header of the request
     * @param authorizations every {@code Authorization} header of the request
     * @throws AccessDenied 429 when the address is throttled, 401 KEY_AMBIGUOUS
     */
    public String presented(List<String> apiKeyHeaders, List<String> authorizations, String address, String target) {
        Set<String> keys = new LinkedHashSet<>();
        apiKeyHeaders.stream().filter(h -> h != null && !h.isBlank()).forEach(h -> keys.add(h.trim()));
        authorizations.stream().filter(a -> a != null && a.regionMatches(true, 0, "Bearer ", 0, 7))
                .map(a -> a.substring(7).trim()).filter(k -> !k.isEmpty()).forEach(keys::add);
        if (keys.size() > 1) {
            throttle.check(address);
            AccessDenied e = AccessDenied.unauthenticated("KEY_AMBIGUOUS", "the request sends " + keys.size()
                    + " different API keys (x-api-key headers and Authorization: Bearer); send one");
            audit.refusal(String.join(" and ", keys.stream().map(Authenticator::actorOf).toList()), e.code(), target,
                    e.getMessage(), address);
            throw e;
        }
        return keys.isEmpty() ? null : keys.iterator().next();
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
