package dev.warden.runs;

/**
 * A run's life: QUEUED -> RUNNING -> one of the four ends. MISSED and SKIPPED are records of scheduled fires that
 * started no run (missed while Warden was down or overloaded; skipped because an earlier run had not ended).
 */
public enum RunStatus {
    QUEUED, RUNNING, SUCCEEDED, FAILED, TIMED_OUT, CANCELLED, MISSED, SKIPPED;

    public boolean finished() {
        return this != QUEUED && this != RUNNING;
    }
}
