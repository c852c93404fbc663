package dev.warden;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256, for the three things Warden hashes: an API key's secret (on every authenticated request), a request's
 * input (the fingerprint of an idempotency key) and a rule file (its version). Each thread keeps its digest:
 * looking one up costs about as much as hashing a key.
 */
public final class Sha256 {

    private static final ThreadLocal<MessageDigest> DIGEST = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    });

    private Sha256() {
    }

    /** The 32-byte digest of {@code bytes}. */
    public static byte[] of(byte[] bytes) {
        MessageDigest digest = DIGEST.get();
        // digest() leaves it reset; resetting first as well keeps a digest that failed midway (none is expected) from
        // carrying into the next.
        digest.reset();
        return digest.digest(bytes);
    }

    /** The lower-case hex digest of {@code bytes} (64 characters). */
    public static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(of(bytes));
    }

    /** The lower-case hex digest of {@code text} as UTF-8. */
    public static String hex(String text) {
        return hex(text.getBytes(StandardCharsets.UTF_8));
    }
}
