package dev.warden.simulator.internal.control;

import dev.warden.simulator.internal.ApiFamily;
import io.javalin.http.Context;
import io.javalin.http.RequestLogger;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Adds each finished API request to the request log, headers lower-cased and secrets masked. */
public final class RequestRecorder implements RequestLogger {
    private static final Logger LOG = LoggerFactory.getLogger(RequestRecorder.class);

    private final RequestLog log;

    public RequestRecorder(RequestLog log) {
        this.log = log;
    }

    @Override
    public void handle(Context ctx, Float millis) {
        if (ApiFamily.of(ctx.path()) == ApiFamily.CONTROL) {
            return;
        }
        Long sequence = ctx.attribute(TrafficFilter.SEQUENCE);
        boolean dropped = Boolean.TRUE.equals(ctx.attribute(TrafficFilter.DROPPED));
        int status = dropped ? 0 : ctx.statusCode();
        String query = ctx.queryString() == null ? "" : ctx.queryString();
        log.add(new RecordedRequest(sequence == null ? log.arrive() : sequence, ctx.method().name(), ctx.path(),
                query, status, headers(ctx)));
        LOG.debug("{} {} -> {}", ctx.method().name(), ctx.path(), dropped ? "dropped" : status);
    }

    private static Map<String, String> headers(Context ctx) {
        Map<String, String> headers = new TreeMap<>();
        for (String name : Collections.list(ctx.req().getHeaderNames())) {
            String value = String.join(", ", Collections.list(ctx.req().getHeaders(name)));
            headers.merge(name.toLowerCase(Locale.ROOT), HeaderMasking.mask(name, value), (a, b) -> a + ", " + b);
        }
        return headers;
    }
}
