package dev.warden.simulator.internal;

import dev.warden.simulator.internal.adminkey.AdminKeyRoutes;
import dev.warden.simulator.internal.audit.AuditRoutes;
import dev.warden.simulator.internal.auth.SiteRouter;
import dev.warden.simulator.internal.compliance.ClassificationRoutes;
import dev.warden.simulator.internal.compliance.ComplianceRouter;
import dev.warden.simulator.internal.compliance.DetectionRoutes;
import dev.warden.simulator.internal.content.PageRoutes;
import dev.warden.simulator.internal.content.PageWriteRoutes;
import dev.warden.simulator.internal.content.RestrictionRoutes;
import dev.warden.simulator.internal.content.SpaceRoutes;
import dev.warden.simulator.internal.content.UserRoutes;
import dev.warden.simulator.internal.control.ControlRoutes;
import dev.warden.simulator.internal.control.RequestRecorder;
import dev.warden.simulator.internal.control.TrafficControlRoutes;
import dev.warden.simulator.internal.control.TrafficFilter;
import dev.warden.simulator.internal.search.SearchRoutes;
import io.javalin.Javalin;
import io.javalin.config.RoutesConfig;
import io.javalin.http.HandlerType;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Assembles the Javalin app: filters, every endpoint group, and family-shaped 404s for unknown paths. */
public final class SimulatorApp {
    private static final Logger LOG = LoggerFactory.getLogger(SimulatorApp.class);
    private static final List<HandlerType> METHODS =
            List.of(HandlerType.GET, HandlerType.POST, HandlerType.PUT, HandlerType.DELETE, HandlerType.PATCH);

    private SimulatorApp() {}

    public static Javalin create(SimulatorState state) {
        return Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.requestLogger.http(new RequestRecorder(state.requests()));
            cfg.routes.before(new TrafficFilter(state));
            cfg.routes.exception(ApiError.class, (error, ctx) -> error.writeTo(ctx));
            cfg.routes.exception(Exception.class, (error, ctx) -> {
                LOG.error("simulator bug answering {} {}", ctx.method(), ctx.path(), error);
                Json.respond(ctx, 500, ErrorBodies.compliance("simulator error: " + error.getClass().getSimpleName()));
            });
            cfg.routes.get("/_edge/tenant_info", ctx -> {
                String cloudId;
                synchronized (state) {
                    cloudId = state.site().settings().cloudId();
                }
                Json.respond(ctx, 200, Json.object().put("cloudId", cloudId));
            });
            SiteRouter site = new SiteRouter(cfg.routes, state);
            AdminKeyRoutes.register(site);
            PageRoutes.register(site);
            PageWriteRoutes.register(site);
            SpaceRoutes.register(site);
            RestrictionRoutes.register(site);
            UserRoutes.register(site);
            SearchRoutes.register(site);
            AuditRoutes.register(site);
            ComplianceRouter compliance = new ComplianceRouter(cfg.routes, state);
            ClassificationRoutes.register(compliance);
            DetectionRoutes.register(compliance);
            ControlRoutes.register(cfg.routes, state);
            TrafficControlRoutes.register(cfg.routes, state);
            unknownPaths(cfg.routes);
        });
    }

    /** Registered last so they only catch what nothing else matched. */
    private static void unknownPaths(RoutesConfig routes) {
        for (String prefix : List.of("/wiki/<rest>", "/ex/<rest>", "/compliance/<rest>", "/__sim/<rest>")) {
            for (HandlerType method : METHODS) {
                routes.addHttpHandler(method, prefix, ctx -> {
                    throw Errors.unknownPath(ApiFamily.of(ctx.path()), ctx.fullUrl());
                });
            }
        }
    }
}
