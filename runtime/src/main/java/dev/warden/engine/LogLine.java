package dev.warden.engine;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonRawValue;

/**
 * One line a rule logged.
 *
 * @param fields the JSON text of the fields object the rule passed, or null
 */
public record LogLine(Instant time, String level, String message, @JsonRawValue String fields) {
}
