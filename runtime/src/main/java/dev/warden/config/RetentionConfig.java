package dev.warden.config;

import java.time.Duration;

/** How long run records are kept: both bounds apply, whichever removes more. */
public record RetentionConfig(Duration maxAge, int maxRuns) {
}
