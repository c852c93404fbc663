package dev.warden.leases;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Predicate;

/**
 * A run's wait for the admin key ({@link LeaseManager#request}), which no thread has to sit out: {@link #granted()}
 * completes with the lease once the run holds the key, or exceptionally, with a {@link LeaseRefusedException} (the
 * kill switch was pulled, Confluence refused or failed the enable, or the rule's timeout ran out first) or, once
 * {@link #abandon} stopped the wait, a {@link CancellationException}. Thread-safe.
 */
public final class LeaseWait {

    private final CompletableFuture<Lease> granted;
    private final Predicate<String> abandon;

    LeaseWait(CompletableFuture<Lease> granted, Predicate<String> abandon) {
        this.granted = granted;
        this.abandon = abandon;
    }

    /** A wait that is over: the run joined a key that was on. */
    static LeaseWait held(Lease lease) {
        return new LeaseWait(CompletableFuture.completedFuture(lease), why -> false);
    }

    /** Completes as described above; a copy, so that callers cannot complete the wait themselves. */
    public CompletableFuture<Lease> granted() {
        return granted.copy();
    }

    /**
     * Stops the wait (the run was cancelled, or Warden is stopping): the run's lease is released and the key, once
     * the call to Confluence in flight ends, is disabled unless another run holds it.
     *
     * @param why for the audit trail
     * @return false when the run got the key first (it then holds the lease and must release it) or the wait had
     *         already ended
     */
    public boolean abandon(String why) {
        return abandon.test(why);
    }

    /** Waits on this thread (the blocking {@link LeaseManager#acquire}); an interrupt abandons the wait. */
    Lease await() {
        try {
            return granted.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            if (abandon("the thread waiting for the admin key was interrupted")) {
                throw new LeaseRefusedException("CANCELLED", "the run stopped waiting for the admin key");
            }
            return granted.join();
        } catch (CancellationException e) {
            throw new LeaseRefusedException("CANCELLED", "the run stopped waiting for the admin key");
        }
    }
}
