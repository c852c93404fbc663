package dev.warden.cli;

import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;

/** Why a command could not talk to the server, in words: the JDK's client often throws with no message at all. */
final class Unreachable {

    private Unreachable() {
    }

    static String why(IOException e) {
        String message = null;
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UnknownHostException || t instanceof UnresolvedAddressException) {
                return "unknown host";
            }
            if (message == null) {
                message = t.getMessage();
            }
        }
        return switch (e) {
            case HttpConnectTimeoutException t -> "no connection within 5 s";
            case HttpTimeoutException t -> "no answer in time";
            case ConnectException c -> message == null ? "connection refused" : message;
            default -> message == null ? e.getClass().getSimpleName() : message;
        };
    }
}
