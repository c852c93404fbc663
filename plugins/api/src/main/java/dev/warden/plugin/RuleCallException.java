package dev.warden.plugin;

/** A failure a rule sees as a JavaScript error carrying {@code status}, {@code code} and the message. */
public class RuleCallException extends RuntimeException {

    private final int status;
    private final String code;

    public RuleCallException(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    /** An HTTP-like status, or 0 when the failure is not about a remote call. */
    public int status() {
        return status;
    }

    /** A stable, machine-readable code such as {@code NOT_FOUND}. */
    public String code() {
        return code;
    }
}
