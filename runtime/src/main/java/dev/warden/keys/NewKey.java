package dev.warden.keys;

/**
 * A key just created, with its secret: the only time the secret exists outside the caller's hands. Its
 * {@code toString()} hides the secret so that it cannot reach a log by accident.
 */
public record NewKey(ApiKey key, String secret) {

    @Override
    public String toString() {
        return "NewKey[" + key.id() + " (" + key.name() + "), secret hidden]";
    }
}
