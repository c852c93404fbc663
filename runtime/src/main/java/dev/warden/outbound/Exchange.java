package dev.warden.outbound;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.warden.rules.Durations;

/**
 * One attempt, bounded as a whole: {@code HttpRequest.timeout} stops counting once the headers arrive, so a body that
 * trickles or stalls would hold the caller until its rule is stopped. Here the request's timeout runs from the send
 * to the body's last byte, and never past what is left of the calling run; when it runs out (or the caller is
 * interrupted) the exchange is cancelled, which closes its connection. Thread-safe.
 */
final class Exchange {

    private final HttpClient client;
    private final Duration requestTimeout;
    private final Duration connectTimeout;

    Exchange(HttpClient client, Duration requestTimeout, Duration connectTimeout) {
        this.client = client;
        this.requestTimeout = requestTimeout;
        this.connectTimeout = connectTimeout;
    }

    /**
     * @param runLeft what is left of the calling run's time for outbound calls ({@link RunDeadline}), if any: an
     *                attempt is bounded by the shorter of it and the request's timeout
     */
    <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> body, Optional<Duration> runLeft)
            throws IOException, InterruptedException {
        Duration timeout = request.timeout().orElse(requestTimeout);
        String setting = timeout.equals(requestTimeout) ? "outbound.requestTimeout" : "the request's own timeout";
        Duration limit = timeout;
        if (runLeft.isPresent() && runLeft.get().compareTo(timeout) < 0) {
            limit = Duration.ofMillis(Math.max(1, runLeft.get().toMillis()));
            setting = "what was left of the rule's timeout";
        }
        CompletableFuture<HttpResponse<T>> answer = client.sendAsync(request, body);
        try {
            return answer.get(limit.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            answer.cancel(true);
            throw unfinished(request, limit, setting);
        } catch (InterruptedException e) {
            answer.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            while (cause instanceof CompletionException && cause.getCause() != null) {
                cause = cause.getCause();
            }
            if (cause instanceof HttpConnectTimeoutException) {
                throw new HttpConnectTimeoutException(request.uri().getHost() + " did not accept a connection within "
                        + Durations.format(connectTimeout) + " (outbound.connectTimeout)");
            }
            if (cause instanceof HttpTimeoutException) {
                throw unfinished(request, limit, setting);
            }
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IOException(cause);
        }
    }

    private static HttpTimeoutException unfinished(HttpRequest request, Duration limit, String setting) {
        return new HttpTimeoutException(request.uri().getHost() + " did not finish answering within "
                + Durations.format(limit) + " (" + setting + ")");
    }
}
