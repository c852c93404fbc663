package dev.warden.leases.internal;

import java.time.Instant;
import java.util.concurrent.CompletableFuture;

import dev.warden.leases.KeyState;
import dev.warden.leases.Lease;

/**
 * A lease whose run waits for Confluence to enable the key ({@link Enabler}). The run and the key-call thread settle
 * it under the holders' lock: either the call {@code granted} it (the run is a holder) or the run {@code abandoned}
 * it (it waited its timeout out and released the lease); the flags are volatile for the unlocked early look.
 */
public final class PendingLease {
    final Lease lease;
    /** The key's state before this run's decision wrote ENABLING. */
    final KeyState was;
    /** The run's need: the key must last at least until then. */
    final Instant needed;
    CompletableFuture<Lease> call;
    volatile boolean granted;
    volatile boolean abandoned;

    PendingLease(Lease lease, KeyState was, Instant needed) {
        this.lease = lease;
        this.was = was;
        this.needed = needed;
    }
}
