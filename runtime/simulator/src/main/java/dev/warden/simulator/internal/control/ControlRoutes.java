package dev.warden.simulator.internal.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.simulator.SeededUser;
import dev.warden.simulator.SimulatorClock;
import dev.warden.simulator.internal.Json;
import dev.warden.simulator.internal.SeededUsers;
import dev.warden.simulator.internal.SimulatedSite;
import dev.warden.simulator.internal.SimulatorState;
import dev.warden.simulator.internal.SiteSettings;
import dev.warden.simulator.internal.Timestamps;
import dev.warden.simulator.internal.audit.OwnerEmail;
import dev.warden.simulator.internal.compliance.ComplianceKey;
import dev.warden.simulator.internal.fixture.ComplianceKeys;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashSet;
import java.util.Set;

/** The {@code /__sim} control API for the site itself: users, reset, clock, plan, IP allow-list, emails, keys. */
public final class ControlRoutes {
    private final SimulatorState state;

    private ControlRoutes(SimulatorState state) {
        this.state = state;
    }

    public static void register(RoutesConfig routes, SimulatorState state) {
        ControlRoutes control = new ControlRoutes(state);
        routes.get("/__sim/users", control::users);
        routes.get("/__sim/scoped-tokens", control::scopedTokens);
        routes.post("/__sim/reset", ctx -> {
            state.reset();
            ctx.status(204);
        });
        routes.get("/__sim/clock", ctx -> Json.respond(ctx, 200, clock(state.clock())));
        routes.post("/__sim/clock", control::setClock);
        routes.get("/__sim/site", ctx -> Json.respond(ctx, 200, control.site(ctx)));
        routes.post("/__sim/site", control::setSite);
        routes.get("/__sim/ip-allowlist", ctx -> Json.respond(ctx, 200, control.allowList()));
        routes.post("/__sim/ip-allowlist", control::setAllowList);
        routes.get("/__sim/emails", control::emails);
        routes.post("/__sim/compliance-keys", control::addComplianceKey);
    }

    private void users(Context ctx) {
        ArrayNode users = Json.array();
        synchronized (state) {
            for (SeededUser user : SeededUsers.of(state.site())) {
                ObjectNode json = users.addObject()
                        .put("email", user.email())
                        .put("accountId", user.accountId())
                        .put("role", user.role().wireName())
                        .put("token", user.token());
                ArrayNode keys = json.putArray("complianceKeys");
                user.complianceKeys().forEach(key -> keys.add(complianceKey(key)
                        .put("status", keyStatus(state.site().compliance().key(key.key()).orElseThrow()))));
            }
        }
        Json.respond(ctx, 200, users);
    }

    private void scopedTokens(Context ctx) {
        ArrayNode tokens = Json.array();
        synchronized (state) {
            for (SeededUser user : SeededUsers.of(state.site())) {
                for (SeededUser.ScopedToken token : user.scopedTokens()) {
                    ObjectNode json = tokens.addObject().put("email", user.email()).put("accountId", user.accountId())
                            .put("name", token.name()).put("token", token.token());
                    ArrayNode scopes = json.putArray("scopes");
                    token.scopes().forEach(scopes::add);
                }
            }
        }
        Json.respond(ctx, 200, tokens);
    }

    private static ObjectNode complianceKey(SeededUser.ComplianceKey key) {
        ObjectNode json = Json.object().put("name", key.name()).put("key", key.key());
        ArrayNode scopes = json.putArray("scopes");
        key.scopes().forEach(scopes::add);
        return json;
    }

    /** What the app shows beside a key: revoked, or expired once its expiry passed, else active. */
    private String keyStatus(ComplianceKey key) {
        if (key.revoked()) {
            return "revoked";
        }
        return key.expired(state.clock().now()) ? "expired" : "active";
    }

    /** Applies, in this order, any of {@code reset}, {@code now}, {@code advance}/{@code advanceSeconds}, {@code frozen}. */
    private void setClock(Context ctx) {
        JsonNode body = ControlBodies.object(ctx);
        SimulatorClock clock = state.clock();
        try {
            if (body.path("reset").asBoolean(false)) {
                clock.reset();
            }
            if (body.hasNonNull("now")) {
                clock.set(Instant.parse(body.get("now").asText()));
            }
            if (body.hasNonNull("advance")) {
                clock.advance(Duration.parse(body.get("advance").asText()));
            }
            Integer seconds = ControlBodies.optionalInt(body, "advanceSeconds");
            if (seconds != null) {
                clock.advance(Duration.ofSeconds(seconds));
            }
        } catch (DateTimeParseException e) {
            throw ControlBodies.badRequest("now must be an ISO instant and advance an ISO duration: " + e.getMessage());
        }
        if (body.hasNonNull("frozen")) {
            if (body.get("frozen").asBoolean()) {
                clock.freeze();
            } else {
                clock.resume();
            }
        }
        Json.respond(ctx, 200, clock(clock));
    }

    private static ObjectNode clock(SimulatorClock clock) {
        return Json.object().put("now", Timestamps.format(clock.now())).put("frozen", clock.isFrozen());
    }

    private ObjectNode site(Context ctx) {
        synchronized (state) {
            SiteSettings settings = state.site().settings();
            return Json.object()
                    .put("name", settings.name())
                    .put("cloudId", settings.cloudId())
                    .put("plan", settings.plan().wireName())
                    .put("url", ctx.scheme() + "://" + ctx.host());
        }
    }

    private void setSite(Context ctx) {
        JsonNode body = ControlBodies.object(ctx);
        if (body.hasNonNull("plan")) {
            try {
                SiteSettings.Plan plan = SiteSettings.Plan.parse(body.get("plan").asText());
                synchronized (state) {
                    state.site().settings().plan(plan);
                }
            } catch (IllegalArgumentException e) {
                throw ControlBodies.badRequest("plan must be one of free, standard, premium, enterprise");
            }
        }
        Json.respond(ctx, 200, site(ctx));
    }

    private ObjectNode allowList() {
        synchronized (state) {
            SiteSettings settings = state.site().settings();
            ObjectNode json = Json.object().put("enabled", settings.ipAllowListEnabled());
            ArrayNode allowed = json.putArray("allowed");
            settings.allowedAddresses().forEach(allowed::add);
            return json;
        }
    }

    private void setAllowList(Context ctx) {
        JsonNode body = ControlBodies.object(ctx);
        Set<String> allowed = new LinkedHashSet<>();
        body.path("allowed").forEach(address -> allowed.add(address.asText()));
        synchronized (state) {
            state.site().settings().ipAllowList(body.path("enabled").asBoolean(false), allowed);
        }
        Json.respond(ctx, 200, allowList());
    }

    private void emails(Context ctx) {
        ArrayNode emails = Json.array();
        synchronized (state) {
            for (OwnerEmail email : state.site().audit().emails()) {
                emails.addObject().put("to", email.to()).put("subject", email.subject())
                        .put("pageId", email.pageId()).put("sentAt", Timestamps.format(email.sentAt()));
            }
        }
        Json.respond(ctx, 200, emails);
    }

    private void addComplianceKey(Context ctx) {
        JsonNode body = ControlBodies.object(ctx);
        synchronized (state) {
            SimulatedSite site = state.site();
            ComplianceKey key;
            try {
                key = ComplianceKeys.fromJson(site, body, state.clock().now());
            } catch (RuntimeException e) {
                throw ControlBodies.badRequest("invalid key: " + e.getMessage());
            }
            if (site.compliance().key(key.key()).isPresent()) {
                throw ControlBodies.badRequest("a key with that secret already exists");
            }
            site.compliance().addKey(key);
            Json.respond(ctx, 201, complianceKey(SeededUsers.key(key)));
        }
    }
}
