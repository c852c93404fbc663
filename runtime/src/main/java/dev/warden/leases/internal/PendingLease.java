package dev.warden.leases.internal;

import java.time.Instant;
import java.util.concurrent.CompletableFuture;

import dev.warden.leases.KeyState;
import dev.warden.leases.Lease;

/**
 * A lease whose run waits for Confluence to enable the key ({@link Enabler}), without a thread waiting for it. The
 * key-call thread and the run settle it under the holders' lock: either the call {@code granted} it (the run is a
 * holder) or ended without granting it, or the run {@code abandoned} it (its timeout ran out, it was cancelled,
 * Warden is stopping) and released the lease; the flags are volatile for the unlocked early look. {@code result}
 * completes with the lease, or exceptionally.
 */
public final class PendingLease {
    final Lease lease;
    /** The key's state before this run's decision wrote ENABLING. */
    final KeyState was;
    /** The run's need: the key must last at least until then. */
    final Instant needed;
    final CompletableFuture<Lease> result = new CompletableFuture<>();
    volatile boolean granted;
    volatile boolean abandoned;
    /** The enable call ended (set under the lock): nothing is left to abandon. */
    volatile boolean ended;

    PendingLease(Lease lease, KeyState was, Instant needed) {
        this.lease = lease;
        this.was = was;
        this.needed = needed;
    }

    public CompletableFuture<Lease> result() {
        return result;
    }
}
