package dev.warden.runs;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What started a run: {@code type} is manual, webhook, cron or every; {@code name} the webhook or trigger name.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunTrigger(String type, String name) {
}
