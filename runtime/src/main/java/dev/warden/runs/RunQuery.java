package dev.warden.runs;

/**
 * A filter over run records, newest first.
 *
 * @param rule only runs of this rule, or null
 * @param rules only runs of these rules (an API key's limit), or null for any
 * @param status only runs in this status, or null
 * @param before only runs with a smaller id (the cursor of the previous page), or null
 */
public record RunQuery(String rule, java.util.Set<String> rules, RunStatus status, String before, int limit) {

    public RunQuery(String rule, RunStatus status, String before, int limit) {
        this(rule, null, status, before, limit);
    }
}
