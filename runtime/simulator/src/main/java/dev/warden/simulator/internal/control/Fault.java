package dev.warden.simulator.internal.control;

import java.util.regex.Pattern;

/**
 * An injected fault: wait {@code delayMs}, then drop the connection, answer {@code status}, or carry on normally.
 *
 * <p>{@code times} caps how often it fires (null: until cleared). {@code fraction} makes it fire on that share of
 * matching calls, deterministically: with 0.5 on the 2nd, 4th, 6th... so tests need no randomness.
 */
public final class Fault {
    private final String id;
    private final String method;
    private final String path;
    private final Pattern pattern;
    private final long delayMs;
    private final Integer status;
    private final String body;
    private final Integer retryAfter;
    private final boolean dropConnection;
    private final Integer times;
    private final Double fraction;
    private long seen;
    private long fired;

    public Fault(String id, String method, String path, long delayMs, Integer status, String body,
            Integer retryAfter, boolean dropConnection, Integer times, Double fraction) {
        this.id = id;
        this.method = method;
        this.path = path;
        this.pattern = Glob.compile(path);
        this.delayMs = delayMs;
        this.status = status;
        this.body = body;
        this.retryAfter = retryAfter;
        this.dropConnection = dropConnection;
        this.times = times;
        this.fraction = fraction;
    }

    /** Counts a call and says whether the fault fires on it. Callers hold the store's lock. */
    boolean fires(String requestMethod, String requestPath) {
        if (exhausted() || (method != null && !method.equalsIgnoreCase(requestMethod))
                || !pattern.matcher(requestPath).matches()) {
            return false;
        }
        seen++;
        boolean fire = fraction == null || Math.floor(seen * fraction) > Math.floor((seen - 1) * fraction);
        if (fire) {
            fired++;
        }
        return fire;
    }

    boolean exhausted() {
        return times != null && fired >= times;
    }

    public String id() { return id; }
    public String method() { return method; }
    public String path() { return path; }
    public long delayMs() { return delayMs; }
    public Integer status() { return status; }
    public String body() { return body; }
    public Integer retryAfter() { return retryAfter; }
    public boolean dropConnection() { return dropConnection; }
    public Integer times() { return times; }
    public Double fraction() { return fraction; }

    /** Read under the store's lock, like {@link #fires}. */
    long fired() {
        return fired;
    }
}
