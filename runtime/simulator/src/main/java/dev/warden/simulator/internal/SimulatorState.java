package dev.warden.simulator.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.simulator.SimulatorClock;
import dev.warden.simulator.SimulatorOptions;
import dev.warden.simulator.internal.control.FaultStore;
import dev.warden.simulator.internal.control.RateLimiter;
import dev.warden.simulator.internal.control.RequestLog;
import dev.warden.simulator.internal.fixture.FixtureLoader;

/**
 * The simulator's whole state: the site loaded from the fixture plus the control knobs (clock, faults, rate limit,
 * request log).
 *
 * <p>Thread-safety: handlers that read or change the site synchronise on this object for the whole request, so each
 * request sees and leaves a consistent site. The control stores are thread-safe on their own so that delays and
 * dropped connections never hold the lock.
 */
public final class SimulatorState {
    private final SimulatorOptions options;
    private final SimulatorClock clock;
    private final JsonNode fixture;
    private final RequestLog requests = new RequestLog();
    private final FaultStore faults = new FaultStore();
    private final RateLimiter rateLimiter;
    private SimulatedSite site;

    public SimulatorState(SimulatorOptions options, SimulatorClock clock) {
        this.options = options;
        this.clock = clock;
        this.fixture = FixtureLoader.read(options.fixture());
        this.rateLimiter = new RateLimiter(clock);
        reset();
    }

    /** Reloads the fixture and puts every knob back to how the options started it. */
    public synchronized void reset() {
        clock.reset();
        site = FixtureLoader.load(fixture, clock.now());
        faults.clear();
        requests.clear();
        rateLimiter.configure(options.rateLimit());
    }

    public synchronized SimulatedSite site() {
        return site;
    }

    public SimulatorClock clock() {
        return clock;
    }

    public RequestLog requests() {
        return requests;
    }

    public FaultStore faults() {
        return faults;
    }

    public RateLimiter rateLimiter() {
        return rateLimiter;
    }
}
