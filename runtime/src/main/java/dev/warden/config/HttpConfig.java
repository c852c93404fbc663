package dev.warden.config;

/**
 * The HTTP server. {@code port} 0 picks a free port (tests). {@code threads} bounds the request threads; a request
 * waiting for its runs (wait mode) holds none, so waiting callers never use them up.
 */
public record HttpConfig(String host, int port, int threads) {

    /** Javalin's own default. */
    public static final int DEFAULT_THREADS = 250;
}
