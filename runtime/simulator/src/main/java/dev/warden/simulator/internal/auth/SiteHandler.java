package dev.warden.simulator.internal.auth;

import dev.warden.simulator.internal.SimulatedSite;
import io.javalin.http.Context;

/** A Confluence endpoint, called only for authenticated callers and under the simulator's lock. */
@FunctionalInterface
public interface SiteHandler {
    void handle(Context ctx, SimulatedSite site, Caller caller) throws Exception;
}
