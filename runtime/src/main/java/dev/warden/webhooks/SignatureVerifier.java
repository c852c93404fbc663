package dev.warden.webhooks;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import dev.warden.keys.AccessDenied;

/**
 * Checks {@code X-Warden-Signature: sha256=<hex>}, the HMAC-SHA256 with the hook's secret of
 * {@code <X-Warden-Timestamp>.<body>} (Unix seconds, a dot, the raw body bytes).
 *
 * <p>The timestamp must be within 5 minutes of now, and each signature is accepted once within that window: a
 * replay is refused, unless it repeats the first request's {@code Idempotency-Key}, which makes it an honest retry
 * that the idempotency check answers with the original runs. Remembered signatures are per process: a signature made
 * before the process started is refused as a possible replay. Thread-safe.
 */
public final class SignatureVerifier {

    public static final Duration WINDOW = Duration.ofMinutes(5);
    private static final int MAX_REMEMBERED = 1_000_000;

    private record Seen(long expiresAtMillis, String idempotencyKey) {
    }

    private final Clock clock;
    private final Map<String, Seen> seen = new ConcurrentHashMap<>();
    /** Signatures made before this are refused: the ones the previous process saw are not remembered. */
    private final long startedAtMillis;

    public SignatureVerifier(Clock clock) {
        this.clock = clock;
        this.startedAtMillis = clock.millis();
    }

    /** The header value for a body signed at {@code timestamp} (what a sender computes). */
    public static String sign(String secret, long timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("the JDK cannot compute HMAC-SHA256", e);
        }
    }

    /**
     * Checks what can be checked before the body is read: both headers present, the timestamp Unix seconds within
     * the window, and not from before this process started (its remembered signatures start empty, so an earlier
     * signature could be a replay of a request the previous process accepted). Returns the timestamp.
     *
     * @throws AccessDenied 401 SIGNATURE_MISSING, SIGNATURE_INVALID, SIGNATURE_STALE or SIGNATURE_REPLAYED
     */
    public long checkHeaders(String timestamp, String signature) {
        if (timestamp == null || signature == null) {
            throw AccessDenied.unauthenticated("SIGNATURE_MISSING", "this webhook needs a signature: send "
                    + "X-Warden-Timestamp (Unix seconds) and X-Warden-Signature: sha256=<HMAC-SHA256 of "
                    + "'<timestamp>.<body>' with the hook's secret>");
        }
        long ts;
        try {
            ts = Long.parseLong(timestamp.trim());
        } catch (NumberFormatException e) {
            throw AccessDenied.unauthenticated("SIGNATURE_INVALID", "X-Warden-Timestamp must be Unix seconds, got '"
                    + timestamp + "'");
        }
        long now = clock.millis();
        if (Math.abs(now - ts * 1000) > WINDOW.toMillis()) {
            throw AccessDenied.unauthenticated("SIGNATURE_STALE", "X-Warden-Timestamp " + ts + " is more than "
                    + WINDOW.toMinutes() + " minutes from Warden's clock (" + now / 1000 + "): "
                    + (Math.abs(now - ts) <= WINDOW.toMillis() ? "it looks like milliseconds; send Unix seconds"
                    : "a replayed request, or a sender clock that is off"));
        }
        if ((ts + 1) * 1000 <= startedAtMillis) {
            throw AccessDenied.unauthenticated("SIGNATURE_REPLAYED", "this request was signed at " + ts + ", before "
                    + "Warden last started (" + startedAtMillis / 1000 + "), so Warden cannot tell it from a replay "
                    + "of one it already received: sign it again with a new timestamp");
        }
        return ts;
    }

    /**
     * Verifies the request's signature and remembers it. Call the returned {@code Runnable} when the request is then
     * not accepted (so that the sender may retry the same signed request).
     *
     * @throws AccessDenied 401 SIGNATURE_MISSING, SIGNATURE_STALE, SIGNATURE_INVALID or SIGNATURE_REPLAYED
     */
    public Runnable verify(String secret, String timestamp, String signature, byte[] body, String idempotencyKey) {
        long ts = checkHeaders(timestamp, signature);
        long now = clock.millis();
        byte[] expected = sign(secret, ts, body).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, signature.trim().getBytes(StandardCharsets.US_ASCII))) {
            throw AccessDenied.unauthenticated("SIGNATURE_INVALID", "X-Warden-Signature does not match the body "
                    + "and timestamp for this hook's secret");
        }
        forgetExpired(now);
        String key = signature.trim();
        Seen mine = new Seen(ts * 1000 + WINDOW.toMillis(), idempotencyKey);
        Seen earlier = seen.putIfAbsent(key, mine);
        if (earlier != null && (idempotencyKey == null || !Objects.equals(earlier.idempotencyKey(), idempotencyKey))) {
            throw AccessDenied.unauthenticated("SIGNATURE_REPLAYED", "this signed request was already received; "
                    + "a sender retrying it must send the same Idempotency-Key, or sign it again with a new timestamp");
        }
        return earlier == null ? () -> seen.remove(key, mine) : () -> { };
    }

    private void forgetExpired(long now) {
        if (seen.size() > MAX_REMEMBERED / 2) {
            seen.values().removeIf(s -> s.expiresAtMillis() < now);
        }
    }
}
