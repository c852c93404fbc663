package dev.warden.http;

import java.util.Collections;
import java.util.List;
import java.util.Optional;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.router.Endpoint;

import dev.warden.Echo;
import dev.warden.keys.AccessDenied;
import dev.warden.keys.Authenticator;
import dev.warden.keys.Caller;
import dev.warden.keys.RouteScopes;
import dev.warden.keys.Scope;

/**
 * Guards every matched route by {@link RouteScopes}: no key or a bad one is 401, a missing scope or a rule outside
 * the key's limits is 403, each naming which. Runs before the route's handler, so routes added later are covered by
 * their path without doing anything. The caller is left on the context for routes that filter by it.
 */
public final class AuthFilter {

    private static final String CALLER = "warden.caller";

    private final Authenticator auth;

    public AuthFilter(Authenticator auth) {
        this.auth = auth;
    }

    public void register(RoutesConfig routes) {
        routes.beforeMatched(this::check);
    }

    /** The authenticated caller of a guarded route. */
    public static Caller caller(Context ctx) {
        Caller caller = ctx.attribute(CALLER);
        if (caller == null) {
            throw new IllegalStateException(ctx.path() + " is not guarded by a scope in RouteScopes");
        }
        return caller;
    }

    private void check(Context ctx) {
        String method = ctx.method().name();
        String pattern = routePattern(ctx);
        Optional<Scope> needed = RouteScopes.required(method, pattern);
        if (needed.isEmpty()) {
            return;
        }
        String target = method + " " + Echo.of(ctx.path());
        String address = ClientAddress.of(ctx);
        Caller caller = auth.authenticate(auth.presented(headers(ctx, "x-api-key"), headers(ctx, "Authorization"),
                address, target), address, target);
        try {
            caller.require(needed.get());
            // The id as the route reads it (decoded): /rules/%70robe is rule probe to both.
            String param = RouteScopes.ruleOf(pattern);
            String rule = param != null && param.startsWith("{") ? ctx.pathParam(param.substring(1,
                    param.length() - 1)) : param;
            if (rule != null) {
                caller.requireRule(rule);
            }
        } catch (AccessDenied e) {
            auth.forbidden(caller, e, address, target);
            throw e;
        }
        ctx.attribute(CALLER, caller);
    }

    /** Every value of a request header, in the order sent (a header sent twice is two values). */
    static List<String> headers(Context ctx, String name) {
        return Collections.list(ctx.req().getHeaders(name));
    }

    /** The matched route's path pattern ({@code /api/v1/rules/{id}}), so odd spellings of a path cannot slip by. */
    private static String routePattern(Context ctx) {
        Endpoint matched = ctx.endpoints().matchedHttpEndpoint();
        return matched == null ? ctx.path() : matched.path;
    }
}
