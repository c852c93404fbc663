package dev.warden.runs;

/**
 * A run could not be accepted.
 *
 * @see Reason
 */
public class RunRejectedException extends RuntimeException {

    /** Why: no such rule, or the queue is full (answer 429 and ask to retry). */
    public enum Reason { UNKNOWN_RULE, QUEUE_FULL, STOPPING }

    private final Reason reason;

    public RunRejectedException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
