package dev.warden.runs;

/**
 * A filter over run records, newest first.
 *
 * @param rule only runs of this rule, or null
 * @param status only runs in this status, or null
 * @param before only runs with a smaller id (the cursor of the previous page), or null
 */
public record RunQuery(String rule, RunStatus status, String before, int limit) {
}
