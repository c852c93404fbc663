package dev.warden.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The clock tests use instead of sleeping. */
class SimulatorClockTest {
    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

    @Test
    void followsTheSystemClockUntilSet() {
        SimulatorClock clock = new SimulatorClock(Clock.fixed(T0, ZoneOffset.UTC));

        assertThat(clock.now()).isEqualTo(T0);
        assertThat(clock.isFrozen()).isFalse();
    }

    @Test
    void setFreezesAndAdvanceMovesTheFrozenInstant() {
        SimulatorClock clock = new SimulatorClock();
        clock.set(T0);
        clock.advance(Duration.ofMinutes(10));

        assertThat(clock.now()).isEqualTo(T0.plus(Duration.ofMinutes(10)));
        assertThat(clock.isFrozen()).isTrue();
    }

    @Test
    void advanceWhileTickingAddsAnOffset() {
        SimulatorClock clock = new SimulatorClock(Clock.fixed(T0, ZoneOffset.UTC));
        clock.advance(Duration.ofHours(1));

        assertThat(clock.now()).isEqualTo(T0.plus(Duration.ofHours(1)));
    }

    @Test
    void resumeTicksOnFromTheFrozenInstantAndResetGoesBackToSystemTime() {
        SimulatorClock clock = new SimulatorClock(Clock.fixed(T0, ZoneOffset.UTC));
        clock.set(T0.plus(Duration.ofDays(1)));
        clock.resume();

        assertThat(clock.now()).isEqualTo(T0.plus(Duration.ofDays(1)));
        assertThat(clock.isFrozen()).isFalse();
        clock.reset();
        assertThat(clock.now()).isEqualTo(T0);
    }

    @Test
    void nowIsTruncatedToMilliseconds() {
        SimulatorClock clock = new SimulatorClock();
        clock.set(T0.plusNanos(1_234_567));

        assertThat(clock.now()).isEqualTo(T0.plusMillis(1));
    }
}
