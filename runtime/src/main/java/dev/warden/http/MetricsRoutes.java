package dev.warden.http;

import io.javalin.config.RoutesConfig;

import dev.warden.metrics.WardenMetrics;

/** {@code GET /metrics}: Prometheus text format; needs a key with {@code runs:read} (a Bearer token to Prometheus). */
public final class MetricsRoutes {

    private final WardenMetrics metrics;

    public MetricsRoutes(WardenMetrics metrics) {
        this.metrics = metrics;
    }

    public void register(RoutesConfig routes) {
        routes.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                .result(metrics.scrape()));
    }
}
