package dev.warden.config;

import java.time.Duration;
import java.util.List;

/**
 * The HTTP server. {@code port} 0 picks a free port (tests). {@code threads} bounds the request threads; a request
 * waiting for its runs (wait mode) holds none, so waiting callers never use them up. {@code trustedProxies}: the
 * reverse proxies whose {@code X-Forwarded-For} names the client (IP addresses). {@code headerTimeout} and
 * {@code bodyTimeout}: how long a request's headers (from its first byte) and its body (from the end of its headers)
 * may take to arrive before Warden answers 408 and closes the connection.
 */
public record HttpConfig(String host, int port, int threads, List<String> trustedProxies, Duration headerTimeout,
                         Duration bodyTimeout) {

    public HttpConfig(String host, int port, int threads) {
        this(host, port, threads, List.of(), DEFAULT_HEADER_TIMEOUT, DEFAULT_BODY_TIMEOUT);
    }

    /** Javalin's own default. */
    public static final int DEFAULT_THREADS = 250;

    /** A client's headers are a few hundred bytes: seconds are plenty even over a poor mobile link. */
    public static final Duration DEFAULT_HEADER_TIMEOUT = Duration.ofSeconds(10);

    /** A webhook's body is at most webhooks.maxBody (1 MiB): 30 s is about 35 KB/s for the largest. */
    public static final Duration DEFAULT_BODY_TIMEOUT = Duration.ofSeconds(30);
}
