package dev.warden.runs;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What started a run: {@code type} is manual, webhook, cron or every; {@code name} the webhook or trigger name.
 *
 * @param scheduledFor for cron and every: the fire time the run is for, or null
 * @param catchUp for cron and every: true when the run catches up missed fires, or null
 * @param replayOf for a replay ({@code ?replay=}): the id of the run whose input and trigger it reruns, or null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunTrigger(String type, String name, Instant scheduledFor, Boolean catchUp, String replayOf) {

    public RunTrigger(String type, String name) {
        this(type, name, null, null);
    }

    public RunTrigger(String type, String name, Instant scheduledFor, Boolean catchUp) {
        this(type, name, scheduledFor, catchUp, null);
    }
}
