package dev.warden.leases.internal;

import java.time.Clock;
import java.time.Instant;

import dev.warden.leases.LeaseStore;
import dev.warden.plugin.AdminKeyProvider;

/**
 * What every part of one lease manager works on: the site whose admin key it leases, this process's id, the store,
 * the provider that calls Confluence and the clock. Immutable.
 *
 * @param name the site and account the key belongs to (e.g. the site URL plus the admin's email)
 * @param instanceId this process, unique among processes sharing the database
 */
public record LeaseSite(String name, String instanceId, LeaseStore store, AdminKeyProvider provider, Clock clock) {

    /** Does {@code work} under the site's row lock, in one transaction ({@link LeaseStore#locked}). */
    public <T> T locked(Instant now, LeaseStore.Locked<T> work) {
        return store.locked(name, now, work);
    }

    public Instant now() {
        return clock.instant();
    }
}
