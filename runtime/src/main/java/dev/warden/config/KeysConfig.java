package dev.warden.config;

/**
 * API keys and authentication.
 *
 * @param adminKey on a first start with no keys, this value becomes the bootstrap admin key (stored hashed); empty
 *                 means Warden generates one and prints it once. Only from {@code WARDEN_ADMIN_KEY}.
 * @param authFailuresPerMinute failed authentications one address may make in a minute before it is refused (429)
 */
public record KeysConfig(Secret adminKey, int authFailuresPerMinute) {
}
