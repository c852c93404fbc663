package dev.warden.confluence;

import java.util.Map;

import dev.warden.plugin.RuleCall;

/**
 * Headers the runtime attaches to every Confluence request of one run: the seam where the admin-key lease manager
 * adds {@code Atl-Confluence-With-Admin-Key: true} to the requests of a run that holds a lease, and only those.
 * Rules can never set these headers themselves ({@code confluence.request} refuses them). Thread-safe.
 */
@FunctionalInterface
public interface RunHeaders {

    RunHeaders NONE = call -> Map.of();

    /** The name of Confluence's admin-key header. */
    String ADMIN_KEY = "Atl-Confluence-With-Admin-Key";

    /**
     * @param call the run making the request, or null for a request outside any run ({@code warden doctor})
     */
    Map<String, String> headersFor(RuleCall call);

    /** Told of every answered request, e.g. so the lease manager can audit what a leased run did under the key. */
    default void answered(RuleCall call, String method, String path, int status) {
    }
}
