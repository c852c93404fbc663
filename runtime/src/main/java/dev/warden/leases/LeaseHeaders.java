package dev.warden.leases;

import java.util.Map;

import dev.warden.confluence.RunHeaders;
import dev.warden.plugin.RuleCall;

/**
 * The leases' side of the Confluence client's {@link RunHeaders} seam: {@code Atl-Confluence-With-Admin-Key: true}
 * rides only on requests of a run that holds a lease at that moment, and each such request is audited. Built before
 * the lease manager exists (the client comes first), so the manager is handed over by {@link #use}. Thread-safe.
 */
public final class LeaseHeaders implements RunHeaders {

    private volatile LeaseManager leases;

    public void use(LeaseManager manager) {
        this.leases = manager;
    }

    @Override
    public Map<String, String> headersFor(RuleCall call) {
        LeaseManager manager = leases;
        return call != null && manager != null && manager.holds(call.runId()) ? Map.of(ADMIN_KEY, "true")
                : Map.of();
    }

    @Override
    public void answered(RuleCall call, String method, String path, int status) {
        LeaseManager manager = leases;
        if (call != null && manager != null && manager.holds(call.runId())) {
            manager.recordRequest(call.runId(), method, path, status);
        }
    }
}
