package dev.warden.runs;

/**
 * A run could not be accepted.
 *
 * @see Reason
 */
public class RunRejectedException extends RuntimeException {

    /**
     * Why: no such rule, the queue is full (answer 429 and ask to retry), or an idempotency key already used for
     * another input (422).
     */
    public enum Reason { UNKNOWN_RULE, QUEUE_FULL, STOPPING, KEY_REUSED }

    private final Reason reason;

    public RunRejectedException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
