package dev.warden.simulator;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How to start a {@link ConfluenceSimulator}. Immutable; start from {@link #defaults()} and use the withers.
 *
 * @param host the address to bind, loopback by default so a test double is never exposed by accident
 * @param port the port to listen on, 0 for a random free port
 * @param fixture a JSON fixture replacing the built-in demo data, or null for the built-in one
 * @param rateLimit answer 429 after this many requests per window, or null for no limit
 */
public record SimulatorOptions(String host, int port, Path fixture, RateLimit rateLimit) {

    public static final String DEFAULT_HOST = "127.0.0.1";

    public SimulatorOptions {
        Objects.requireNonNull(host, "host");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535, was " + port);
        }
    }

    /** Loopback, random port, built-in demo data, no rate limit. */
    public static SimulatorOptions defaults() {
        return new SimulatorOptions(DEFAULT_HOST, 0, null, null);
    }

    public SimulatorOptions withHost(String newHost) {
        return new SimulatorOptions(newHost, port, fixture, rateLimit);
    }

    public SimulatorOptions withPort(int newPort) {
        return new SimulatorOptions(host, newPort, fixture, rateLimit);
    }

    public SimulatorOptions withFixture(Path newFixture) {
        return new SimulatorOptions(host, port, newFixture, rateLimit);
    }

    public SimulatorOptions withRateLimit(int requests, Duration window) {
        return new SimulatorOptions(host, port, fixture, new RateLimit(requests, window));
    }

    /**
     * A fixed window: the first request opens it, request {@code requests + 1} inside it gets 429.
     *
     * @param requests how many requests a window allows
     * @param window how long a window lasts on the simulator's clock
     */
    public record RateLimit(int requests, Duration window) {
        public RateLimit {
            if (requests < 1) {
                throw new IllegalArgumentException("requests must be at least 1, was " + requests);
            }
            if (window == null || window.isNegative() || window.isZero()) {
                throw new IllegalArgumentException("window must be positive, was " + window);
            }
        }
    }
}
