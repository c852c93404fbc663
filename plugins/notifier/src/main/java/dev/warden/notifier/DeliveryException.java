package dev.warden.notifier;

/** Every attempt to deliver failed; the message names the channel and the last cause, never a secret. */
final class DeliveryException extends Exception {

    private final int status;

    DeliveryException(int status, String message) {
        super(message);
        this.status = status;
    }

    /** The receiver's HTTP status or SMTP reply code, or 0 when it could not be reached. */
    int status() {
        return status;
    }
}
