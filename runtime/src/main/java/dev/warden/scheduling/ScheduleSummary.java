package dev.warden.scheduling;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.warden.runs.RunStatus;

/**
 * How a scheduled rule is doing: when it last fired and how that ended, and when it fires next (null when disabled,
 * or when every trigger's endAt has passed).
 *
 * @param lastRun the run (or MISSED/SKIPPED record) of the last fire
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ScheduleSummary(Instant lastFire, RunStatus lastStatus, String lastRun, Instant nextFire) {
}
