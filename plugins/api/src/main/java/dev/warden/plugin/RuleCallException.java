package dev.warden.plugin;

/**
 * A failure a rule sees as a JavaScript error carrying {@code status}, {@code code}, the message and, when the cause
 * is not obvious from the status, a {@code diagnosis} in plain words: the likely causes and what to check next.
 */
public class RuleCallException extends RuntimeException {

    private final int status;
    private final String code;
    private final String diagnosis;

    public RuleCallException(int status, String code, String message) {
        this(status, code, message, null);
    }

    public RuleCallException(int status, String code, String message, String diagnosis) {
        super(message);
        this.status = status;
        this.code = code;
        this.diagnosis = diagnosis;
    }

    /** An HTTP-like status, or 0 when the failure is not about a remote call. */
    public int status() {
        return status;
    }

    /** A stable, machine-readable code such as {@code NOT_FOUND}. */
    public String code() {
        return code;
    }

    /** The likely causes and the next check to make, or null when the message says it all. */
    public String diagnosis() {
        return diagnosis;
    }
}
