package dev.warden.simulator.internal.adminkey;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** At most one admin key per account, each with an expiry on the simulator's clock. Used under the lock. */
public final class AdminKeyStore {
    private final Map<String, Instant> expiries = new HashMap<>();

    public Optional<Instant> active(String accountId, Instant now) {
        Instant expiry = expiries.get(accountId);
        return expiry != null && now.isBefore(expiry) ? Optional.of(expiry) : Optional.empty();
    }

    public void issue(String accountId, Instant expiry) {
        expiries.put(accountId, expiry);
    }

    /** Removes the key; returns whether an unexpired one was removed. */
    public boolean revoke(String accountId, Instant now) {
        boolean wasActive = active(accountId, now).isPresent();
        expiries.remove(accountId);
        return wasActive;
    }
}
