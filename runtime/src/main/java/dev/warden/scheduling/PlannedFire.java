package dev.warden.scheduling;

import java.time.Instant;
import java.time.OffsetDateTime;

/**
 * One upcoming fire of a rule.
 *
 * @param trigger the trigger that fires, e.g. {@code cron 0 0 8 ? * MON-FRI (Europe/Berlin)}
 * @param zone the zone the trigger's times are read in: its own, or the server's
 * @param at the fire time in that zone, with its offset (which tells summer from winter time)
 * @param utc the same instant in UTC
 */
public record PlannedFire(String trigger, String zone, OffsetDateTime at, Instant utc) {
}
