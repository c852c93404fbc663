package dev.warden.config;

import java.util.Arrays;
import java.util.Locale;

/**
 * How one webhook authenticates its callers and how large a body it takes.
 *
 * @param secret the HMAC-SHA256 signing secret (signature modes), from {@code WARDEN_WEBHOOK_<NAME>_SECRET} or
 *               {@code webhooks.<name>.secretFile}, never from the config file itself
 */
public record HookConfig(String name, Auth auth, Secret secret, long maxBodyBytes) {

    /** Which credentials a request to the hook must carry. */
    public enum Auth {
        /** An API key with scope webhooks:trigger (the default; what Confluence Automation sends). */
        KEY("key"),
        /** An HMAC-SHA256 signature over timestamp and body, for senders that sign. */
        SIGNATURE("signature"),
        KEY_AND_SIGNATURE("key-and-signature"),
        /** A signature when the request carries one, else an API key. */
        KEY_OR_SIGNATURE("key-or-signature");

        private final String id;

        Auth(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }

        public boolean needsSecret() {
            return this != KEY;
        }

        static Auth parse(String text) {
            String wanted = text.trim().toLowerCase(Locale.ROOT);
            return Arrays.stream(values()).filter(a -> a.id.equals(wanted)).findFirst().orElseThrow(() ->
                    new IllegalArgumentException("'" + text + "' is not one of " + Arrays.stream(values())
                            .map(Auth::id).toList()));
        }
    }
}
