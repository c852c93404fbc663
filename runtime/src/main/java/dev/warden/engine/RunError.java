package dev.warden.engine;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Why a run failed.
 *
 * @param code a stable code: {@code RULE_ERROR}, {@code TIMED_OUT}, {@code MEMORY_GUARD}, {@code STATEMENT_LIMIT},
 *             {@code LOAD_ERROR}, {@code RESULT_NOT_JSON}, {@code CANCELLED}, {@code INTERNAL}
 * @param file the rule file (relative to the rules folder), or null when the failure has no place in it
 * @param stack the JavaScript stack, innermost first, or null
 * @param diagnosis the plain-words diagnosis a host call's error carried (Confluence, a plugin), or null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunError(String code, String message, String file, Integer line, Integer column, String stack,
                       String diagnosis) {

    public RunError(String code, String message, String file, Integer line, Integer column, String stack) {
        this(code, message, file, line, column, stack, null);
    }

    public static RunError of(String code, String message) {
        return new RunError(code, message, null, null, null, null);
    }

    /** {@code file:line:col: message} when the place is known, else the message. */
    public String describe() {
        return file == null ? message : file + ":" + line + ":" + column + ": " + message;
    }
}
