package dev.warden.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.eclipse.jetty.http.HttpParser;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.AbstractConnector;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpChannel;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.internal.HttpConnection;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Scheduler;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonProcessingException;

import dev.warden.rules.Durations;

/**
 * Bounds how long a request takes to arrive: its headers within {@code http.headerTimeout} of their first byte, its
 * body within {@code http.bodyTimeout} of the end of its headers. Jetty bounds neither: its idle timeout restarts with
 * every byte, so a client sending a byte every few seconds held its connection (and, in a body, a request thread) for
 * as long as it liked. Past a deadline Warden answers 408 in its JSON error shape and closes the connection: a body's
 * pending read fails, so the route answers {@code BODY_TIMEOUT} as for any body that did not come; headers have no
 * request yet, so {@code HEADERS_TIMEOUT} is written here.
 *
 * <p>No work per request: one sweep over the open connections every {@link #period} (a quarter of the shorter
 * timeout, at most a second) on Jetty's scheduler reads each parser's state, so a deadline is kept to within one
 * period. Lifecycle: {@link #start} once the server has started, {@link #close} before it stops. The sweeps run one
 * after the other, so {@link #marks} needs no lock.
 */
final class RequestDeadlines implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RequestDeadlines.class);

    /** A body read failed by its deadline: its message names the setting, for the 408's message. */
    static final class BodyTimeoutException extends TimeoutException {

        BodyTimeoutException(String message) {
            super(message);
        }
    }

    private enum Phase { IDLE, HEADERS, BODY, HANDLING }

    /** What a sweep saw of a connection: which request, in which phase, since when, and whether it was cut. */
    private record Mark(long request, Phase phase, long bytesIn, long since, boolean cut) {
    }

    private final Server server;
    private final Duration headerTimeout;
    private final Duration bodyTimeout;
    private final Duration period;
    private Map<EndPoint, Mark> marks = new HashMap<>();
    private volatile Scheduler.Task next;
    private volatile boolean closed;

    private RequestDeadlines(Server server, Duration headerTimeout, Duration bodyTimeout) {
        this.server = server;
        this.headerTimeout = headerTimeout;
        this.bodyTimeout = bodyTimeout;
        Duration quarter = (headerTimeout.compareTo(bodyTimeout) < 0 ? headerTimeout : bodyTimeout).dividedBy(4);
        this.period = quarter.compareTo(Duration.ofSeconds(1)) > 0 ? Duration.ofSeconds(1) : quarter;
    }

    static RequestDeadlines start(Server server, Duration headerTimeout, Duration bodyTimeout) {
        RequestDeadlines deadlines = new RequestDeadlines(server, headerTimeout, bodyTimeout);
        deadlines.schedule();
        return deadlines;
    }

    private void schedule() {
        if (!closed) {
            next = server.getScheduler().schedule(this::sweepAndReschedule, period.toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    private void sweepAndReschedule() {
        try {
            sweep(System.nanoTime());
        } catch (RuntimeException e) {
            LOG.warn("checking the open connections' request deadlines failed", e);
        } finally {
            schedule();
        }
    }

    private void sweep(long now) {
        Map<EndPoint, Mark> seen = new HashMap<>();
        for (Connector connector : server.getConnectors()) {
            if (!(connector instanceof AbstractConnector open)) {
                continue;
            }
            for (EndPoint endPoint : open.getConnectedEndPoints()) {
                if (endPoint.isOpen() && endPoint.getConnection() instanceof HttpConnection http) {
                    seen.put(endPoint, check(endPoint, http, marks.get(endPoint), now));
                }
            }
        }
        marks = seen;
    }

    private Mark check(EndPoint endPoint, HttpConnection http, Mark before, long now) {
        long request = http.getMessagesIn();
        long bytesIn = http.getBytesIn();
        Phase phase = phase(http.getParser());
        if (phase == Phase.IDLE && before != null && before.request() == request
                && (before.phase() == Phase.HEADERS || bytesIn > before.bytesIn())) {
            // Bytes came but no request began: blank lines before the request line, which Jetty skips.
            phase = Phase.HEADERS;
        }
        Mark mark = before != null && before.request() == request && before.phase() == phase ? before
                : new Mark(request, phase, bytesIn, now, false);
        if (mark.cut()) {
            return mark;
        }
        if (phase == Phase.HEADERS && now - mark.since() >= headerTimeout.toNanos()) {
            answerHeadersTimeout(endPoint);
            return new Mark(request, phase, bytesIn, mark.since(), true);
        }
        if (phase == Phase.BODY && now - mark.since() >= bodyTimeout.toNanos()) {
            failBody(http);
            return new Mark(request, phase, bytesIn, mark.since(), true);
        }
        return mark;
    }

    private static Phase phase(HttpParser parser) {
        HttpParser.State state = parser.getState();
        if (state == HttpParser.State.START) {
            return Phase.IDLE;
        }
        if (state.ordinal() < HttpParser.State.CONTENT.ordinal()) {
            return Phase.HEADERS;
        }
        return parser.inContentState() ? Phase.BODY : Phase.HANDLING;
    }

    /** No request exists yet for Jetty to answer: the 408 is written to the connection, which then closes. */
    private void answerHeadersTimeout(EndPoint endPoint) {
        String message = "the request's headers did not arrive within " + Durations.format(headerTimeout)
                + " of their first byte (http.headerTimeout)";
        LOG.info("{}: {}; answered 408 and closed the connection", endPoint.getRemoteSocketAddress(), message);
        byte[] body;
        try {
            body = Json.MAPPER.writeValueAsBytes(Json.error("HEADERS_TIMEOUT", message));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        byte[] head = ("HTTP/1.1 408 Request Timeout\r\nContent-Type: application/json\r\nContent-Length: "
                + body.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        try {
            endPoint.write(Callback.from(endPoint::close, failure -> endPoint.close()), ByteBuffer.wrap(head),
                    ByteBuffer.wrap(body));
        } catch (RuntimeException writing) { // a write of Jetty's own still pending: close without the answer
            endPoint.close();
        }
    }

    /**
     * Fails the body's pending read as Jetty's own idle timeout would: the route answers 408, and the connection,
     * its body unread, closes after the answer.
     */
    private void failBody(HttpConnection http) {
        HttpChannel channel = http.getHttpChannel();
        HttpChannel.IdleTimeoutTask task = channel.onIdleTimeout(new BodyTimeoutException("the request body did not "
                + "arrive within " + Durations.format(bodyTimeout) + " of its headers (http.bodyTimeout)"));
        if (task.action() != null) {
            http.getConnector().getExecutor().execute(task.action());
        }
    }

    @Override
    public void close() {
        closed = true;
        Scheduler.Task task = next;
        if (task != null) {
            task.cancel();
        }
    }
}
