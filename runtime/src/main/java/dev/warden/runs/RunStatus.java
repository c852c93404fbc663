package dev.warden.runs;

/** A run's life: QUEUED -> RUNNING -> one of the four ends. */
public enum RunStatus {
    QUEUED, RUNNING, SUCCEEDED, FAILED, TIMED_OUT, CANCELLED;

    public boolean finished() {
        return this != QUEUED && this != RUNNING;
    }
}
