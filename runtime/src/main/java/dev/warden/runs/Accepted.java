package dev.warden.runs;

import java.util.List;

/**
 * Runs accepted for one request, already persisted as QUEUED.
 *
 * @param replayed true when an idempotency key matched an earlier request and these are that request's runs
 */
public record Accepted(List<Run> runs, boolean replayed) {
}
