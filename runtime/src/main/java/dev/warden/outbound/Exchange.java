package dev.warden.outbound;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.warden.rules.Durations;

/**
 * One attempt, bounded as a whole: {@code HttpRequest.timeout} stops counting once the headers arrive, so a body that
 * trickles or stalls would hold the caller until its rule is stopped. Here the request's timeout runs from the send
 * to the body's last byte; when it runs out (or the caller is interrupted) the exchange is cancelled, which closes its
 * connection. Thread-safe.
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

    <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> body)
            throws IOException, InterruptedException {
        Duration limit = request.timeout().orElse(requestTimeout);
        CompletableFuture<HttpResponse<T>> answer = client.sendAsync(request, body);
        try {
            return answer.get(limit.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            answer.cancel(true);
            throw unfinished(request, limit);
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
                throw unfinished(request, limit);
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

    private HttpTimeoutException unfinished(HttpRequest request, Duration limit) {
        String setting = limit.equals(requestTimeout) ? "outbound.requestTimeout" : "the request's own timeout";
        return new HttpTimeoutException(request.uri().getHost() + " did not finish answering within "
                + Durations.format(limit) + " (" + setting + ")");
    }
}
