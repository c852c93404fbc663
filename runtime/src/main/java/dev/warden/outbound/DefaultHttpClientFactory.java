package dev.warden.outbound;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.warden.config.OutboundConfig;
import dev.warden.plugin.HttpClientFactory;
import dev.warden.plugin.ResponseTooLargeException;
import dev.warden.plugin.RetryPolicy;

/**
 * The host's outbound HTTP for the Confluence client and every plugin: one shared {@link HttpClient}, the configured
 * timeouts and proxy, answers bounded in size ({@link BoundedBody}) and in time ({@link Exchange}: the request
 * timeout covers the body too), and retries that honour {@code Retry-After} (429, 503) and back off with jitter on
 * 5xx and I/O errors of idempotent calls, never past {@code outbound.maxRetryTime} nor the calling run's
 * {@link RunDeadline}. A timed-out attempt is not retried: a second wait as long would outlast the rule that is
 * waiting. Thread-safe.
 */
public final class DefaultHttpClientFactory implements HttpClientFactory {

    private final HttpClient client;
    private final Duration requestTimeout;
    private final Exchange exchange;
    private final long maxResponseBytes;
    private final Backoff policy;
    private final Clock clock;
    private final List<AnswerListener> listeners = new CopyOnWriteArrayList<>();

    /** Told of each attempt of {@link #send}: the status that came back, or 0 when none did. */
    public interface AnswerListener {
        void answered(URI uri, int status);
    }

    public DefaultHttpClientFactory(OutboundConfig config, Clock clock) {
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(config.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER);
        if (config.proxy() != null) {
            String[] hostPort = config.proxy().split(":");
            builder.proxy(ProxySelector.of(new InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1]))));
        }
        this.client = builder.build();
        this.requestTimeout = config.requestTimeout();
        this.exchange = new Exchange(client, config.requestTimeout(), config.connectTimeout());
        this.maxResponseBytes = config.maxResponseBytes();
        this.policy = new Backoff(config.maxAttempts(), config.maxRetryTime());
        this.clock = clock;
    }

    /** Adds a listener for every attempt from now on, retries included (metrics count calls by status). */
    public void onAnswer(AnswerListener listener) {
        listeners.add(listener);
    }

    private void answered(URI uri, int status) {
        for (AnswerListener listener : listeners) {
            listener.answered(uri, status);
        }
    }

    @Override
    public HttpClient client() {
        return client;
    }

    @Override
    public HttpRequest.Builder request(URI uri) {
        return HttpRequest.newBuilder(uri).timeout(requestTimeout);
    }

    @Override
    public HttpResponse.BodyHandler<String> boundedBody(URI uri) {
        return new BoundedBody(uri, maxResponseBytes);
    }

    @Override
    public RetryPolicy retryPolicy() {
        return policy;
    }

    @Override
    public HttpResponse<String> send(HttpRequest request, boolean idempotent, RetryObserver observer)
            throws IOException, InterruptedException {
        // Retries stop where the run would: a wait it cannot outlive ends the call with the last answer instead.
        Duration budget = RunDeadline.left().filter(left -> left.compareTo(policy.maxTotal()) < 0)
                .orElse(policy.maxTotal());
        Instant deadline = clock.instant().plus(budget);
        for (int attempt = 1; ; attempt++) {
            HttpResponse<String> response;
            try {
                response = exchange.send(request, boundedBody(request.uri()), RunDeadline.left());
            } catch (HttpTimeoutException | ResponseTooLargeException e) {
                answered(request.uri(), 0);
                throw e;
            } catch (IOException e) {
                answered(request.uri(), 0);
                Duration wait = policy.backoff(attempt);
                if (!idempotent || !mayRetry(attempt, wait, deadline)) {
                    throw e;
                }
                observer.retrying(attempt, reason(e), wait);
                Thread.sleep(wait);
                continue;
            }
            answered(request.uri(), response.statusCode());
            Optional<Duration> wait = retryWait(response, attempt, idempotent);
            if (wait.isEmpty() || !mayRetry(attempt, wait.get(), deadline)) {
                return response;
            }
            observer.retrying(attempt, "HTTP " + response.statusCode(), wait.get());
            Thread.sleep(wait.get());
        }
    }

    /** How long to wait before retrying this answer, or empty when it is final. */
    private Optional<Duration> retryWait(HttpResponse<String> response, int attempt, boolean idempotent) {
        int status = response.statusCode();
        Optional<Duration> asked = RetryAfter.of(response, clock.instant());
        if (status == 429 || status == 503 && asked.isPresent() && idempotent) {
            return Optional.of(asked.orElseGet(() -> policy.backoff(attempt)));
        }
        if (status >= 500 && idempotent) {
            return Optional.of(policy.backoff(attempt));
        }
        return Optional.empty();
    }

    private boolean mayRetry(int attempt, Duration wait, Instant deadline) {
        return attempt < policy.maxAttempts() && !clock.instant().plus(wait).isAfter(deadline);
    }

    private static String reason(IOException e) {
        return e.getClass().getSimpleName().replace("Exception", "").replaceAll("([a-z])([A-Z])", "$1 $2")
                .toLowerCase(java.util.Locale.ROOT);
    }
}
