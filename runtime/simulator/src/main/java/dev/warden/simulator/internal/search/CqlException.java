package dev.warden.simulator.internal.search;

/** A CQL text the simulator cannot parse or does not support; the search answers 400. */
public final class CqlException extends RuntimeException {
    public CqlException(String message) {
        super(message, null, false, false);
    }
}
