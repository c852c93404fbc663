package dev.warden.leases.internal;

import java.time.Duration;
import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.warden.leases.KeyState;
import dev.warden.plugin.AdminKeyStatus;

/**
 * After an enable whose outcome is unknown (no answer in time, a broken connection, a 5xx), a request Confluence
 * had not answered may still be carried out after Warden's DELETE: for a while the ticker asks Confluence whether
 * the key is on while it is recorded off, and disables it. Thread-safe.
 */
public final class LateEnableWatch {

    private static final Logger LOG = LoggerFactory.getLogger(LateEnableWatch.class);
    private static final Duration WINDOW = Duration.ofMinutes(3);
    private static final Duration CHECK_EVERY = Duration.ofSeconds(5);

    private final LeaseSite site;
    private final SiteKey key;
    private volatile Instant until;
    private volatile Instant nextCheck = Instant.MIN;

    public LateEnableWatch(LeaseSite site, SiteKey key) {
        this.site = site;
        this.key = key;
    }

    /** Starts (or restarts) the watch: an enable's outcome is unknown. */
    public void watch() {
        until = site.now().plus(WINDOW);
        nextCheck = Instant.MIN;
    }

    /** On the key-call thread, each tick: disables a key that is on though recorded off and held by no run. */
    public void check(SiteKey.Recorded row, Instant now) {
        Instant end = until;
        if (end == null || row.state() != KeyState.DISABLED || now.isBefore(nextCheck)) {
            return;
        }
        if (now.isAfter(end)) {
            until = null;
            return;
        }
        nextCheck = now.plus(CHECK_EVERY);
        AdminKeyStatus status = site.provider().status();
        if (!status.active()) {
            return;
        }
        boolean none = site.locked(now, r -> {
            if (r.active().isEmpty() && r.state() == KeyState.DISABLED) {
                r.write(KeyState.DISABLING, r.expiresAt(), now);
                return true;
            }
            return false;
        });
        if (none) {
            LOG.warn("the admin key of {} is on though no run holds it: an enable Confluence had not answered was "
                    + "carried out late; disabling it", site.name());
            key.disable("disable", "a late enable (Confluence had not answered it in time) turned the key on");
        }
    }
}
