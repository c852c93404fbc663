package dev.warden.runs;

import java.time.Clock;
import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.warden.config.RetentionConfig;

/** Deletes finished run records past the configured age or count. Runs at start-up and then hourly. */
public final class Retention implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(Retention.class);
    public static final Duration PERIOD = Duration.ofHours(1);

    private final RunStore store;
    private final RetentionConfig config;
    private final Clock clock;

    public Retention(RunStore store, RetentionConfig config, Clock clock) {
        this.store = store;
        this.config = config;
        this.clock = clock;
    }

    @Override
    public void run() {
        try {
            int removed = store.purge(clock.instant().minus(config.maxAge()), config.maxRuns());
            if (removed > 0) {
                LOG.info("retention removed {} run record(s)", removed);
            }
        } catch (RuntimeException e) {
            LOG.warn("retention failed; it will try again in {}", PERIOD, e);
        }
    }
}
