package dev.warden.simulator.internal.compliance;

import java.time.Instant;

/** Sensitive data found on a page; {@code status} moves from OPEN to REDACTED or EXCLUDED. */
public record Detection(String id, String pageId, String type, String match, String status, Instant detectedAt) {

    public Detection withStatus(String newStatus) {
        return new Detection(id, pageId, type, match, newStatus, detectedAt);
    }
}
