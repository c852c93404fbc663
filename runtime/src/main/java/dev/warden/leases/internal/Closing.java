package dev.warden.leases.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.warden.leases.KeyState;

/**
 * Warden stopping ({@code LeaseManager.close}): disables a key no run holds, with its own DELETE beside any key call
 * Confluence is still holding (queued behind it, the stop would wait for that call), for at most a few seconds, and
 * writes to the audit trail ({@code stop}) what it did or could not do and until when the key may stay on. Called
 * once the runs of this process were stopped. Thread-safe.
 */
public final class Closing {

    private static final Logger LOG = LoggerFactory.getLogger(Closing.class);
    /** How long the stop waits for Confluence to confirm the key off. */
    public static final Duration BUDGET = Duration.ofSeconds(3);
    /** An enable still in flight asks for at most this long: the latest a key it turns on expires. */
    private static final Duration LONGEST_KEY = Duration.ofMinutes(60);

    private final LeaseSite site;
    private final Holders holders;
    private final KeyCalls calls;
    private final SiteKey key;
    private final LeaseAudit audit;

    public Closing(LeaseSite site, Holders holders, KeyCalls calls, SiteKey key, LeaseAudit audit) {
        this.site = site;
        this.holders = holders;
        this.calls = calls;
        this.key = key;
        this.audit = audit;
    }

    public void close() {
        Instant now = site.now();
        boolean inFlight = calls.busy();
        int held = holders.leases().size();
        record Found(KeyState state, Instant expiresAt, boolean othersHold, boolean disable) {
        }
        Found found = site.locked(now, row -> {
            boolean othersHold = !row.active().isEmpty();
            boolean disable = !othersHold && held == 0 && row.state() != KeyState.DISABLED;
            KeyState state = row.state();
            if (disable) {
                row.write(KeyState.DISABLING, row.expiresAt(), now);
            }
            return new Found(state, row.expiresAt(), othersHold, disable);
        });
        if (!found.disable() && held == 0 && !found.othersHold()) {
            return;
        }
        // The latest the key can stay on: its recorded expiry, or what an enable Confluence still holds may ask for.
        Instant latest = inFlight ? now.plus(LONGEST_KEY) : found.expiresAt();
        if (found.expiresAt() != null && latest != null && found.expiresAt().isAfter(latest)) {
            latest = found.expiresAt();
        }
        String until = latest == null ? "its expiry" : "its expiry (" + latest + " at the latest)";
        String pending = inFlight ? "; a call to Confluence was still unanswered: an enable it carries out later turns "
                + "the key on again, until " + until + ", and the next start disables it" : "";
        if (!found.disable()) {
            String holdersNow = held > 0 ? held + " run(s) of this process still held the key"
                    : "runs of other processes hold the key";
            stopped(now, inFlight, "Warden stopped while " + holdersNow + "; it stays on until they release it or "
                    + "until " + until + (inFlight ? pending : ""));
            return;
        }
        String outcome = disable();
        if (outcome == null) {
            stopped(now, inFlight, "Warden stopped and disabled the key" + pending);
        } else {
            stopped(now, true, "Warden stopped and could not confirm the key off (" + outcome + "); it stays on until "
                    + until + " or until the next start disables it" + pending);
        }
    }

    /** The DELETE, on its own thread: null once Confluence confirmed the key off, else why not. */
    private String disable() {
        CompletableFuture<Boolean> off = CompletableFuture.supplyAsync(
                () -> key.disableIfStillDisabling("Warden stopped"),
                command -> Thread.ofVirtual().name("warden-leases-close").start(command));
        try {
            return off.get(BUDGET.toMillis(), TimeUnit.MILLISECONDS) ? null
                    : "Confluence failed the DELETE; see the disable-failed line";
        } catch (TimeoutException e) {
            return "Confluence did not answer the DELETE within " + BUDGET.toSeconds() + " s";
        } catch (ExecutionException e) {
            return "the DELETE failed: " + e.getCause().getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "the stop was interrupted";
        }
    }

    /** Audits the stop ({@code stop}) and logs it, as an error when the key may be on with nobody holding it. */
    private void stopped(Instant now, boolean mayBeOnUnheld, String detail) {
        try {
            audit.key(now, "stop", detail);
        } catch (RuntimeException e) {
            LOG.error("could not write the lease audit line of the stop of {}", site.name(), e);
        }
        if (mayBeOnUnheld) {
            LOG.error("admin key of {}: {}", site.name(), detail);
        } else {
            LOG.info("admin key of {}: {}", site.name(), detail);
        }
    }
}
