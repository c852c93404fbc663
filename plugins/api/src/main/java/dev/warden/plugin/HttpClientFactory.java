package dev.warden.plugin;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * HTTP with the host's settings: connect and request timeouts, proxy, a bound on answer bodies, and a retry policy
 * that honours {@code Retry-After} on 429 and 503 and backs off with jitter on other 5xx answers and I/O errors,
 * within a bounded total time. Thread-safe.
 */
public interface HttpClientFactory {

    /**
     * A client with the host's connect timeout and proxy; it does not follow redirects. Shared: do not close it.
     * Prefer {@link #send}: this client alone bounds neither the answer's size nor the time its body takes, so pass it
     * {@link #boundedBody} and a deadline of your own.
     */
    HttpClient client();

    /**
     * A body handler that reads the answer as a string (in the charset its {@code Content-Type} names, else UTF-8)
     * and fails with {@link ResponseTooLargeException} once it passes {@code outbound.maxResponseBody}; {@link #send}
     * reads every answer through it.
     *
     * @param uri the request's URI, whose host the error names
     */
    HttpResponse.BodyHandler<String> boundedBody(URI uri);

    /** A request builder with the host's request timeout. */
    HttpRequest.Builder request(URI uri);

    /** The policy {@link #send} follows, for plugins that retry something other than HTTP (SMTP, say). */
    RetryPolicy retryPolicy();

    /**
     * Sends and retries: 429 always (the server did not act on it), 5xx and I/O errors only when
     * {@code idempotent}. The last answer is returned whatever its status; the last I/O error is thrown.
     * Each attempt, from connecting to the answer's last byte, is bounded by the request's timeout (the host's
     * {@code outbound.requestTimeout} for a builder from {@link #request}); one that runs out is abandoned, its
     * connection closed, and not retried: it ends the call with an {@link java.net.http.HttpTimeoutException}.
     * An answer larger than {@code outbound.maxResponseBody} ends it with {@link ResponseTooLargeException}. The
     * messages of both are one sentence naming the host, the limit and the setting (never the path or query).
     *
     * @param observer told before each retry, e.g. to note it in the run's log
     */
    HttpResponse<String> send(HttpRequest request, boolean idempotent, RetryObserver observer)
            throws IOException, InterruptedException;

    default HttpResponse<String> send(HttpRequest request, boolean idempotent)
            throws IOException, InterruptedException {
        return send(request, idempotent, RetryObserver.NONE);
    }

    /** Hears about each retry before its wait. */
    @FunctionalInterface
    interface RetryObserver {

        RetryObserver NONE = (attempt, reason, wait) -> { };

        /**
         * @param attempt the attempt that failed, from 1
         * @param reason e.g. {@code HTTP 503} or {@code connection refused}, never a URL or header
         */
        void retrying(int attempt, String reason, java.time.Duration wait);
    }
}
