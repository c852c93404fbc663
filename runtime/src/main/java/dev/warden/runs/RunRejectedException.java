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
    private final long retryAfterSeconds;

    /** A refusal that retrying does not cure. */
    public RunRejectedException(Reason reason, String message) {
        this(reason, message, 0);
    }

    /** @param retryAfterSeconds how long a caller should wait before retrying, at least 1 */
    public RunRejectedException(Reason reason, String message, long retryAfterSeconds) {
        super(message);
        this.reason = reason;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public Reason reason() {
        return reason;
    }

    /**
     * Seconds to wait before retrying (QUEUE_FULL: until the backlog ahead would have drained at the recent rate,
     * at most 60); 0 when retrying does not help.
     */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
