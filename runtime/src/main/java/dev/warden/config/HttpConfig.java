package dev.warden.config;

import java.util.List;

/**
 * The HTTP server. {@code port} 0 picks a free port (tests). {@code threads} bounds the request threads; a request
 * waiting for its runs (wait mode) holds none, so waiting callers never use them up. {@code trustedProxies}: the
 * reverse proxies whose {@code X-Forwarded-For} names the client (IP addresses).
 */
public record HttpConfig(String host, int port, int threads, List<String> trustedProxies) {

    public HttpConfig(String host, int port, int threads) {
        this(host, port, threads, List.of());
    }

    /** Javalin's own default. */
    public static final int DEFAULT_THREADS = 250;
}
