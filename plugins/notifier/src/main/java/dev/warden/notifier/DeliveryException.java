package dev.warden.notifier;

/**
 * A message was not delivered, or may not have been; the message names the channel and the cause, never a secret.
 * {@link #code()} is what the rule sees: {@code NOTIFY_FAILED} (every attempt failed or the failure is permanent),
 * {@code NOTIFY_BAD_ADDRESS} (nothing was sent) or {@code NOTIFY_UNCONFIRMED} (sent, but not acknowledged).
 */
final class DeliveryException extends Exception {

    static final String FAILED = "NOTIFY_FAILED";
    static final String BAD_ADDRESS = "NOTIFY_BAD_ADDRESS";
    static final String UNCONFIRMED = "NOTIFY_UNCONFIRMED";

    private final int status;
    private final String code;

    DeliveryException(int status, String message) {
        this(status, FAILED, message);
    }

    DeliveryException(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    /** The receiver's HTTP status or SMTP reply code, or 0 when it could not be reached. */
    int status() {
        return status;
    }

    String code() {
        return code;
    }
}
