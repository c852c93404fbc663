package dev.warden.plugin;

import java.time.Duration;

import org.pf4j.ExtensionPoint;

/**
 * Confluence's admin key for one site and account: lets an org or site admin bypass page restrictions for up to 60
 * minutes on Premium and Enterprise sites. An implementation only talks to Confluence; when a key is enabled is the
 * runtime's business. Failures are {@link RuleCallException}s with a diagnosis. Thread-safe.
 */
public interface AdminKeyProvider extends ExtensionPoint {

    /**
     * The account's current key. Confluence answers "no key" the same way whether the account has none, is not an
     * admin or the site is not Premium or Enterprise, so an inactive status does not prove a key could be enabled.
     */
    AdminKeyStatus status();

    /** Enables (or renews) the key for {@code duration}, rounded up to whole minutes, 1 to 60. */
    AdminKeyStatus enable(Duration duration);

    /** Disables the key; succeeds when there was none. */
    void disable();
}
