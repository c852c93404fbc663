package dev.warden.outbound;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.warden.config.Sizes;
import dev.warden.plugin.ResponseTooLargeException;

/**
 * Reads an answer as a string, up to a limit: a declared {@code Content-Length} above it is refused before a byte is
 * read, and a body that grows past it is cancelled (which closes the connection) as soon as it does.
 */
final class BoundedBody implements HttpResponse.BodyHandler<String> {

    private static final Pattern CHARSET = Pattern.compile("(?i);\\s*charset\\s*=\\s*\"?([^\";\\s]+)");

    private final String host;
    private final long limit;

    BoundedBody(URI uri, long limit) {
        this.host = uri.getHost();
        this.limit = limit;
    }

    @Override
    public HttpResponse.BodySubscriber<String> apply(HttpResponse.ResponseInfo info) {
        boolean declaredTooLarge = info.headers().firstValueAsLong("Content-Length").orElse(0) > limit;
        return new Reader(charset(info.headers()), declaredTooLarge);
    }

    private ResponseTooLargeException tooLarge() {
        return new ResponseTooLargeException(host + " answered more than " + Sizes.format(limit)
                + " (outbound.maxResponseBody)", limit);
    }

    private static Charset charset(HttpHeaders headers) {
        Matcher m = CHARSET.matcher(headers.firstValue("Content-Type").orElse(""));
        try {
            return m.find() ? Charset.forName(m.group(1)) : StandardCharsets.UTF_8;
        } catch (IllegalArgumentException unknown) {
            return StandardCharsets.UTF_8;
        }
    }

    private final class Reader implements HttpResponse.BodySubscriber<String> {

        private final CompletableFuture<String> body = new CompletableFuture<>();
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final Charset charset;
        private final boolean refused;
        private Flow.Subscription subscription;

        Reader(Charset charset, boolean refused) {
            this.charset = charset;
            this.refused = refused;
        }

        @Override
        public CompletionStage<String> getBody() {
            return body;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            if (refused) {
                fail();
            } else {
                subscription.request(Long.MAX_VALUE);
            }
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            for (ByteBuffer buffer : buffers) {
                if (body.isDone()) {
                    return;
                }
                if (bytes.size() + (long) buffer.remaining() > limit) {
                    fail();
                    return;
                }
                byte[] chunk = new byte[buffer.remaining()];
                buffer.get(chunk);
                bytes.write(chunk, 0, chunk.length);
            }
        }

        private void fail() {
            subscription.cancel();
            body.completeExceptionally(tooLarge());
        }

        @Override
        public void onError(Throwable error) {
            body.completeExceptionally(error);
        }

        @Override
        public void onComplete() {
            body.complete(bytes.toString(charset));
        }
    }
}
