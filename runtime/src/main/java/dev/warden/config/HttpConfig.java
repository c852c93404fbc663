package dev.warden.config;

import java.time.Duration;
import java.util.List;

/**
 * The HTTP server. {@code port} 0 picks a free port (tests). {@code threads} bounds the request threads; a request
 * waiting for its runs (wait mode) holds none, so waiting callers never use them up. {@code trustedProxies}: the
 * reverse proxies whose {@code X-Forwarded-For} names the client (IP addresses). {@code headerTimeout} and
 * {@code bodyTimeout}: how long a request's headers (from its first byte) and its body (from the end of its headers)
 * may take to arrive before Warden answers 408 and closes the connection. {@code maxConnections}: the open
 * connections Warden accepts at once; more wait to be accepted.
 */
public record HttpConfig(String host, int port, int threads, List<String> trustedProxies, Duration headerTimeout,
                         Duration bodyTimeout, int maxConnections) {

    public HttpConfig(String host, int port, int threads) {
        this(host, port, threads, List.of(), DEFAULT_HEADER_TIMEOUT, DEFAULT_BODY_TIMEOUT, DEFAULT_MAX_CONNECTIONS);
    }

    /** Javalin's own default. */
    public static final int DEFAULT_THREADS = 250;

    /** A client's headers are a few hundred bytes: seconds are plenty even over a poor mobile link. */
    public static final Duration DEFAULT_HEADER_TIMEOUT = Duration.ofSeconds(10);

    /** A webhook's body is at most webhooks.maxBody (1 MiB): 30 s is about 35 KB/s for the largest. */
    public static final Duration DEFAULT_BODY_TIMEOUT = Duration.ofSeconds(30);

    /**
     * Each connection is a file descriptor: beyond a limit the next {@code accept} or the database's next file open
     * fails ("Too many open files"). 10,000 is far above what an automation runtime's callers hold open (each
     * wait-mode caller one, for at most a minute) and is lowered at start to leave room for Warden's own files.
     */
    public static final int DEFAULT_MAX_CONNECTIONS = 10_000;
}
