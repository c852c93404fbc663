package dev.warden.testing;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import dev.warden.simulator.ConfluenceSimulator;

/** A clock that reads the simulator's clock, so one advance moves both Warden's and Confluence's time. */
public final class SimulatorTime extends Clock {

    private final ConfluenceSimulator simulator;

    public SimulatorTime(ConfluenceSimulator simulator) {
        this.simulator = simulator;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        return simulator.clock().now();
    }
}
