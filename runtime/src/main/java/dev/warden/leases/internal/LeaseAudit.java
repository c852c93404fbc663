package dev.warden.leases.internal;

import java.time.Instant;

import dev.warden.leases.AuditEntry;
import dev.warden.leases.Lease;
import dev.warden.leases.LeaseRefusedException;

/**
 * Writes one site's lines of the lease audit trail ({@code lease_audit}), each committed at once. A run's lines name
 * the account the key was last enabled for. Thread-safe.
 */
public final class LeaseAudit {

    private final LeaseSite site;
    private volatile String account;

    public LeaseAudit(LeaseSite site) {
        this.site = site;
    }

    /** The account Confluence said it enabled the key for. */
    public void account(String accountId) {
        this.account = accountId;
    }

    /** A line about one run's lease. */
    public void lease(String action, Lease lease, Instant expiresAt, String detail) {
        site.store().audit(new AuditEntry(null, site.now(), site.name(), account, action, lease.ruleId(),
                lease.runId(), lease.requestId(), expiresAt, detail));
    }

    /** A line about the key itself (disable, revoke-all, restore...), of no run. */
    public void key(Instant at, String action, String detail) {
        site.store().audit(new AuditEntry(null, at, site.name(), null, action, null, null, null, null, detail));
    }

    /** Audits a refused lease ({@code refuse}) and returns the exception that tells the run. */
    public LeaseRefusedException refusal(String code, String message, String ruleId, String runId, String requestId) {
        site.store().audit(new AuditEntry(null, site.now(), site.name(), null, "refuse", ruleId, runId, requestId,
                null, code + ": " + message));
        return new LeaseRefusedException(code, message);
    }
}
