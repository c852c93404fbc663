package dev.warden.cli;

/** The exit codes every command uses. */
final class Exit {

    static final int OK = 0;
    /** A rule failed, or {@code check} found problems. */
    static final int FAILED = 1;
    /** The command was used wrongly, the configuration is wrong, or a rule does not compile. */
    static final int USAGE = 2;

    private Exit() {
    }
}
