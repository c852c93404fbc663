package dev.warden.plugin;

/** Lines a plugin adds to the log of the run that called it; stored with the run record, so never write secrets. */
public interface RunLog {

    /** Drops every line. */
    RunLog NONE = (level, message) -> { };

    /**
     * @param level {@code DEBUG}, {@code INFO}, {@code WARN} or {@code ERROR}
     */
    void write(String level, String message);

    default void info(String message) {
        write("INFO", message);
    }

    default void warn(String message) {
        write("WARN", message);
    }
}
