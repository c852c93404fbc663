package dev.warden.leases;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One line of the lease audit trail.
 *
 * @param action enable, renew, join, release, disable, refuse, sweep, disable-failed, revoke-all, request...
 * @param detail free text: the reason of a refusal, or {@code GET /wiki/... 200} for a request made under the key
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AuditEntry(String id, Instant at, String site, String account, String action, String ruleId,
                         String runId, String requestId, Instant expiresAt, String detail) {
}
