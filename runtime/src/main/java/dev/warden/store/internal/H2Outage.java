package dev.warden.store.internal;

import java.sql.SQLException;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

import org.h2.api.ErrorCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.zaxxer.hikari.SQLExceptionOverride;

/**
 * Evicts pooled connections to an embedded H2 database that H2 closed, so that the next connection opens the file
 * again, and logs the outage once: a WARN when the database is lost, an INFO when it is back.
 *
 * <p>H2 closes its database after a fatal write error (a full disk) or a {@code SHUTDOWN}; the pool otherwise kept
 * handing out its dead connections, and Warden answered 503 until it was restarted. Ordinary SQL errors (a duplicate
 * key, a syntax error) keep their connection. Thread-safe.
 */
public final class H2Outage implements SQLExceptionOverride {

    private static final Logger LOG = LoggerFactory.getLogger(H2Outage.class);

    /** H2's codes for a database (or its file store) that is closed or can no longer be written. */
    static final Set<Integer> CLOSED = Set.of(ErrorCode.DATABASE_IS_CLOSED, ErrorCode.DATABASE_CALLED_AT_SHUTDOWN,
            ErrorCode.OBJECT_CLOSED, ErrorCode.IO_EXCEPTION_1, ErrorCode.IO_EXCEPTION_2, ErrorCode.FILE_CORRUPTED_1);

    private final AtomicBoolean lost = new AtomicBoolean();

    @java.lang.Override
    public Override adjudicate(SQLException e) {
        if (!closed(e)) {
            return Override.CONTINUE_EVICT;
        }
        lost(e.getMessage());
        return Override.MUST_EVICT;
    }

    /** Whether {@code e}, or one of its causes, says the database is closed. */
    static boolean closed(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && CLOSED.contains(sql.getErrorCode())) {
                return true;
            }
        }
        return false;
    }

    /** Records that the database was lost; the first time since it was last open, logs why. */
    public void lost(String why) {
        if (lost.compareAndSet(false, true)) {
            LOG.warn("the database was closed under Warden ({}); requests that need it are answered 503 until it can "
                    + "be opened again, which Warden tries by itself (free disk space if the disk is full)",
                    firstLine(why));
        }
    }

    /** Records that the database is open again; logs it if it had been lost. */
    public void back() {
        if (lost.compareAndSet(true, false)) {
            LOG.info("the database is open again; Warden stores runs and serves requests as before");
        }
    }

    /** Whether the database was lost and has not been seen open since. */
    public boolean isLost() {
        return lost.get();
    }

    private static String firstLine(String message) {
        return message == null ? "no message" : message.lines().findFirst().orElse("");
    }
}
