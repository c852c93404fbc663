package dev.warden.simulator.internal.control;

import java.util.Map;

/** One entry of {@code GET /__sim/requests}; secrets in {@code headers} are already masked. */
public record RecordedRequest(
        long sequence, String method, String path, String query, int status, Map<String, String> headers) {}
