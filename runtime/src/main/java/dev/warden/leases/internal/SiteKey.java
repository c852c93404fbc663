package dev.warden.leases.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.warden.leases.KeyState;
import dev.warden.leases.Lease;
import dev.warden.plugin.AdminKeyStatus;
import dev.warden.plugin.RuleCallException;

/**
 * The site's admin key as Warden records it and as Confluence holds it: reads the recorded state, POSTs the key on
 * for the holders' longest need, DELETEs it with retries. Each change is recorded after the call; the caller wrote
 * the {@code ..ING} state before it. Called on the key-call thread ({@link KeyCalls}), except the kill switch's
 * DELETE, and never with the holders' lock held. Thread-safe.
 */
public final class SiteKey {

    private static final Logger LOG = LoggerFactory.getLogger(SiteKey.class);
    private static final int MAX_MINUTES = 60;
    private static final List<Duration> DISABLE_BACKOFF = List.of(Duration.ofMillis(100), Duration.ofMillis(300),
            Duration.ofMillis(900));
    /** After a failed disable, the ticker retries after this, doubling up to {@link #MAX_DISABLE_RETRY}. */
    private static final Duration FIRST_DISABLE_RETRY = Duration.ofSeconds(5);
    private static final Duration MAX_DISABLE_RETRY = Duration.ofMinutes(2);

    private final LeaseSite site;
    private final Holders holders;
    private final LeaseAudit audit;
    private volatile Instant nextDisableAttempt = Instant.MIN;
    private volatile Duration disableRetry = FIRST_DISABLE_RETRY;

    public SiteKey(LeaseSite site, Holders holders, LeaseAudit audit) {
        this.site = site;
        this.holders = holders;
        this.audit = audit;
    }

    /** The key's row as last written, read under the row lock. */
    public record Recorded(KeyState state, Instant expiresAt, boolean revokedAll) {
    }

    public Recorded recorded() {
        return site.locked(site.now(), row -> new Recorded(row.state(), row.expiresAt(), row.revokedAll()));
    }

    /**
     * POSTs the key for the longest remaining need of all holders and {@code cause} (1-60 minutes) and records the
     * new expiry.
     *
     * @return false when the kill switch was pulled meanwhile: the key is on again and recorded DISABLING
     */
    public boolean enable(Lease cause, String action) {
        Instant now = site.now();
        List<Lease> needs = new ArrayList<>(holders.leases());
        needs.add(cause);
        Instant until = needs.stream().map(l -> l.acquiredAt().plus(Duration.ofMinutes(l.minutes())))
                .max(Instant::compareTo).orElseThrow();
        if ("renew".equals(action)) {
            until = needs.stream().map(Lease::holdUntil).max(Instant::compareTo).orElseThrow();
        }
        // One minute of slack lets runs that join within the next minute fit in the same key (one POST per burst).
        long minutes = Math.min(MAX_MINUTES, Math.max(1, (Duration.between(now, until).toSeconds() + 59) / 60) + 1);
        AdminKeyStatus status = site.provider().enable(Duration.ofMinutes(minutes));
        audit.account(status.accountId());
        // An answer without an expiry (a provider that leaves it out, or a Confluence answer that lacks it) would
        // make every tick renew the key, a POST a second: the key lasts the minutes asked for, counted from before
        // the call, so this expiry is never later than Confluence's.
        Instant expires = status.expiresAt() != null ? status.expiresAt() : now.plus(Duration.ofMinutes(minutes));
        boolean enabled = site.locked(site.now(), row -> {
            row.write(row.revokedAll() ? KeyState.DISABLING : KeyState.ENABLED, expires, site.now());
            return !row.revokedAll();
        });
        audit.lease(action, cause, expires, minutes + " minutes for " + needs.stream().map(Lease::runId)
                .distinct().count() + " holder(s)" + (status.expiresAt() != null ? "" : "; the answer named no "
                + "expiry, so the key is taken to last " + minutes + " minutes from the call")
                + (enabled ? "" : "; the kill switch was pulled meanwhile"));
        return enabled;
    }

    /**
     * DELETEs the key with a few quick retries and records DISABLED (unless the state changed meanwhile: another
     * holder enabled it again). On failure the state stays DISABLING and the ticker retries with a growing delay
     * ({@link #disableRetryDue}).
     *
     * @return whether Confluence confirmed the key off (it answered the DELETE, or has no key for this account)
     */
    public boolean disable(String action, String detail) {
        RuntimeException last = null;
        for (int attempt = 0; attempt <= DISABLE_BACKOFF.size(); attempt++) {
            try {
                String note = detail;
                try {
                    site.provider().disable();
                } catch (RuleCallException e) {
                    if (e.status() != 404) {
                        throw e;
                    }
                    // Confluence has no key for this account (it is no admin, or the plan has no admin key): off.
                    note = (detail == null ? "" : detail + "; ") + "Confluence has no key for this account";
                }
                Instant now = site.now();
                site.locked(now, row -> {
                    if (row.state() == KeyState.DISABLING) {
                        row.write(KeyState.DISABLED, null, now);
                    }
                    return null;
                });
                audit.key(now, action, note);
                nextDisableAttempt = Instant.MIN;
                disableRetry = FIRST_DISABLE_RETRY;
                return true;
            } catch (RuntimeException e) {
                last = e;
                if (attempt < DISABLE_BACKOFF.size()) {
                    sleep(DISABLE_BACKOFF.get(attempt));
                }
            }
        }
        Duration wait = disableRetry;
        nextDisableAttempt = site.now().plus(wait);
        disableRetry = wait.multipliedBy(2).compareTo(MAX_DISABLE_RETRY) > 0 ? MAX_DISABLE_RETRY : wait.multipliedBy(2);
        LOG.error("could not disable the admin key of {}: {}; retrying in {} s", site.name(), last.getMessage(),
                wait.toSeconds());
        audit.key(site.now(), "disable-failed", last.getMessage() + "; retrying in " + wait.toSeconds() + " s");
        return false;
    }

    /** Whether a disable that failed is due to be tried again. */
    public boolean disableRetryDue(Instant now) {
        return !now.isBefore(nextDisableAttempt);
    }

    /**
     * Disables the key as queued, unless a later decision (a run that enables it again) overtook this one.
     *
     * @return whether the key is off: Confluence confirmed the DELETE, or the key was recorded DISABLED already
     */
    public boolean disableIfStillDisabling(String detail) {
        KeyState state = recorded().state();
        if (state == KeyState.DISABLING) {
            return disable("disable", detail);
        }
        return state == KeyState.DISABLED;
    }

    /** Disables the key (audited as {@code disable}) when no run of any instance holds it and it is not off. */
    public void disableIfUnheld(Instant now, String detail) {
        boolean unheld = site.locked(now, row -> {
            if (row.active().isEmpty() && row.state() != KeyState.DISABLED) {
                row.write(KeyState.DISABLING, row.expiresAt(), now);
                return true;
            }
            return false;
        });
        if (unheld) {
            disable("disable", detail);
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
