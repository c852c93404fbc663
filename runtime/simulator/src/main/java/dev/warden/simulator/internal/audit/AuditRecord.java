package dev.warden.simulator.internal.audit;

import java.time.Instant;

/** One audit-log entry in the shape of v1 {@code /wiki/rest/api/audit}. */
public record AuditRecord(
        String authorAccountId,
        String authorDisplayName,
        String remoteAddress,
        Instant creationDate,
        String summary,
        String description,
        String category,
        String affectedName,
        String affectedType) {}
