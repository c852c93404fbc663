package dev.warden.leases;

/**
 * A run could not get the admin key; it fails before any rule code runs.
 *
 * @see #code()
 */
public class LeaseRefusedException extends RuntimeException {

    private final String code;

    /**
     * @param code {@code NOT_ALLOWED}, {@code TOO_LONG}, {@code REVOKED} (the kill switch is on) or
     *             {@code ENABLE_FAILED} (Confluence refused: not an admin, not Premium, credentials)
     */
    public LeaseRefusedException(String code, String message) {
        super(message);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
