package dev.warden.runs;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What started a run: {@code type} is manual, webhook, cron or every; {@code name} the webhook or trigger name.
 *
 * @param scheduledFor for cron and every: the fire time the run is for, or null
 * @param catchUp for cron and every: true when the run catches up missed fires, or null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunTrigger(String type, String name, Instant scheduledFor, Boolean catchUp) {

    public RunTrigger(String type, String name) {
        this(type, name, null, null);
    }
}
