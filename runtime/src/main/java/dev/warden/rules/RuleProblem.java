package dev.warden.rules;

/** Something wrong with a rule file, printed as {@code file:line:col: message} by {@code warden check}. */
public record RuleProblem(SourceLocation location, String message) {

    @Override
    public String toString() {
        return location + ": " + message;
    }
}
