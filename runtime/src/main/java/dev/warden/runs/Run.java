package dev.warden.runs;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonRawValue;

/**
 * The record of one run. {@code input}, {@code result}, {@code error} and {@code logs} hold JSON text and are
 * written into API answers as JSON. Immutable.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Run(String id, String rule, String file, String fileVersion, RunTrigger trigger, RunStatus status,
                  Instant createdAt, Instant startedAt, Instant finishedAt,
                  @JsonRawValue String input, @JsonRawValue String result, @JsonRawValue String error,
                  @JsonRawValue String logs) {

    /** Milliseconds from start to finish, or null while not finished. */
    @JsonProperty("durationMs")
    public Long durationMs() {
        return startedAt == null || finishedAt == null ? null : finishedAt.toEpochMilli() - startedAt.toEpochMilli();
    }
}
