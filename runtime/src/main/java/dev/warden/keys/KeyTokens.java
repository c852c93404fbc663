package dev.warden.keys;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;

import dev.warden.Sha256;

/**
 * Key secrets: {@code wdn_<8-character id>_<32 random characters>}, about 190 random bits.
 *
 * <p>Stored as SHA-256, not bcrypt or Argon2: a slow hash protects guessable passwords, and these secrets are
 * random and long enough that a fast hash cannot be reversed, while a slow one would cost every webhook request
 * tens of milliseconds. Compared with {@link MessageDigest#isEqual}, in constant time; a presented token is hashed
 * once per request.
 */
final class KeyTokens {

    static final String MARK = "wdn_";
    private static final String HASHED = "sha256:";
    private static final char[] ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private KeyTokens() {
    }

    static String randomId() {
        return random(8);
    }

    static String token(String id) {
        return MARK + id + "_" + random(32);
    }

    /**
     * What finds a key's candidates: the id part of Warden's tokens; for a secret the operator chose
     * (WARDEN_ADMIN_KEY), the start of its hash, so that none of its characters is stored or shown.
     */
    static String prefix(String token) {
        return prefix(token, null);
    }

    /** As {@link #prefix(String)}, with the token's {@link #hash} when the caller has it already. */
    static String prefix(String token, String hash) {
        if (token.startsWith(MARK) && token.length() > MARK.length() + 8) {
            return token.substring(0, MARK.length() + 8);
        }
        return token.length() >= 8 ? HASHED + (hash != null ? hash : hash(token)).substring(0, 8) : null;
    }

    /** The prefix versions before 2026-12-06 stored for a chosen secret: its first 8 characters. */
    static String legacyPrefix(String token) {
        return !token.startsWith(MARK) && token.length() >= 8 ? token.substring(0, 8) : null;
    }

    /** Whether a stored prefix is one of those (a key to move to {@link #prefix} on its next use). */
    static boolean isLegacy(String storedPrefix) {
        return !storedPrefix.startsWith(MARK) && !storedPrefix.startsWith(HASHED);
    }

    static String hash(String token) {
        return Sha256.hex(token);
    }

    /** Whether a presented token's {@link #hash} is the stored one, compared in constant time. */
    static boolean sameHash(String hash, String storedHash) {
        return MessageDigest.isEqual(hash.getBytes(StandardCharsets.US_ASCII),
                storedHash.getBytes(StandardCharsets.US_ASCII));
    }

    private static String random(int length) {
        char[] out = new char[length];
        for (int i = 0; i < length; i++) {
            out[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
        }
        return new String(out);
    }
}
