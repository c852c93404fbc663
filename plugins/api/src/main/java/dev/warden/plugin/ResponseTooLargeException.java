package dev.warden.plugin;

import java.io.IOException;

/**
 * An answer whose body passed the host's limit ({@code outbound.maxResponseBody}); the rest was not read and the
 * connection was closed. The message is one sentence naming the host, the limit and the setting, never the URL's
 * path or query, so it may be shown to a rule.
 */
public class ResponseTooLargeException extends IOException {

    private static final long serialVersionUID = 1L;

    private final long limit;

    public ResponseTooLargeException(String message, long limit) {
        super(message);
        this.limit = limit;
    }

    /** The limit in bytes. */
    public long limit() {
        return limit;
    }
}
