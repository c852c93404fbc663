package dev.warden.http;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

import dev.warden.Echo;
import dev.warden.keys.ApiKeys;
import dev.warden.keys.Expiry;
import dev.warden.keys.KeyNameTaken;
import dev.warden.keys.KeySpec;
import dev.warden.keys.LimitWarnings;
import dev.warden.keys.NewKey;
import dev.warden.keys.Scope;
import dev.warden.rules.RuleCatalog;

/**
 * {@code /api/v1/keys}: list, get, create (the answer holds the secret, the only time it is shown), revoke.
 * Needs {@code keys:manage}; a key can only hand on scopes and limits it has itself. A name in use by a key that is
 * neither revoked nor expired is a 409 ({@code KEY_NAME_TAKEN}). A limit naming no loaded rule or webhook is accepted
 * (the rule may come later) and named in the answer's {@code warnings} ({@link LimitWarnings}).
 */
public final class KeyRoutes {

    /** What a create request may hold; anything else is a 400. */
    private static final List<String> FIELDS = List.of("name", "scopes", "rules", "hooks", "expires", "expiresAt");

    private final ApiKeys keys;
    private final Supplier<RuleCatalog.Snapshot> loaded;

    /** @param loaded the rules loaded now, against which a new key's limits are checked */
    public KeyRoutes(ApiKeys keys, Supplier<RuleCatalog.Snapshot> loaded) {
        this.keys = keys;
        this.loaded = loaded;
    }

    public void register(RoutesConfig routes) {
        // A key limited to some rules or webhooks sees only the keys it could have created.
        routes.get("/api/v1/keys", ctx -> ctx.json(Map.of("keys", keys.list().stream()
                .filter(AuthFilter.caller(ctx)::covers).map(k -> KeyView.of(k, Instant.now())).toList())));
        routes.get("/api/v1/keys/{id}", ctx -> ctx.json(KeyView.of(keys.get(ctx.pathParam("id"))
                .filter(AuthFilter.caller(ctx)::covers)
                .orElseThrow(() -> missing(ctx.pathParam("id"))), Instant.now())));
        routes.post("/api/v1/keys", this::create);
        routes.post("/api/v1/keys/{id}/revoke", this::revoke);
    }

    private void create(Context ctx) {
        JsonNode body = Json.parseSettings(RequestBody.text(ctx));
        if (body == null || !body.isObject()) {
            throw ApiException.badRequest("send a JSON object such as {\"name\": \"ci\", \"scopes\": "
                    + "[\"webhooks:trigger\"], \"hooks\": [\"page-created\"], \"expires\": \"90d\"}");
        }
        NewKey created;
        KeySpec spec;
        try {
            refuseUnknownFields(body);
            Instant now = Instant.now();
            Set<Scope> scopes = EnumSet.noneOf(Scope.class);
            strings(body, "scopes").forEach(s -> scopes.add(Scope.parse(s)));
            if (body.hasNonNull("expiresAt") && body.hasNonNull("expires")) {
                throw new IllegalArgumentException("send 'expires' or 'expiresAt', not both");
            }
            String expiry = body.hasNonNull("expiresAt") ? text(body, "expiresAt") : text(body, "expires");
            spec = new KeySpec(text(body, "name"), scopes, strings(body, "rules"),
                    strings(body, "hooks"), Expiry.parse(expiry, now));
            created = keys.create(spec, AuthFilter.caller(ctx), ClientAddress.of(ctx));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        } catch (KeyNameTaken e) {
            throw new ApiException(409, "KEY_NAME_TAKEN", e.getMessage());
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("key", KeyView.of(created.key(), Instant.now()));
        answer.put("secret", created.secret());
        answer.put("note", "the secret is shown only now; Warden keeps only its hash");
        answer.put("warnings", LimitWarnings.of(spec, loaded.get()));
        ctx.header("Cache-Control", "no-store");
        ctx.header("Location", "/api/v1/keys/" + created.key().id());
        ctx.status(201).json(answer);
    }

    private void revoke(Context ctx) {
        try {
            ctx.json(KeyView.of(keys.revoke(ctx.pathParam("id"), AuthFilter.caller(ctx), ClientAddress.of(ctx)),
                    Instant.now()));
        } catch (NoSuchElementException e) {
            throw missing(ctx.pathParam("id"));
        }
    }

    /** A misspelled limit must not quietly make a key without it ({@code "hook"} for {@code "hooks"}). */
    private static void refuseUnknownFields(JsonNode body) {
        for (String field : (Iterable<String>) body::fieldNames) {
            if (!FIELDS.contains(field)) {
                String near = FIELDS.stream().filter(known -> close(known, field)).findFirst().orElse(null);
                throw new IllegalArgumentException("unknown field '" + field + "'"
                        + (near == null ? "" : " (did you mean '" + near + "'?)") + "; a key takes "
                        + String.join(", ", FIELDS) + ", so nothing was created");
            }
        }
    }

    /** Equal but for letter case, or one letter added, dropped or changed. */
    private static boolean close(String known, String given) {
        String a = known.toLowerCase(java.util.Locale.ROOT);
        String b = given.toLowerCase(java.util.Locale.ROOT);
        int same = 0;
        while (same < a.length() && same < b.length() && a.charAt(same) == b.charAt(same)) {
            same++;
        }
        String restA = a.substring(same);
        String restB = b.substring(same);
        return restA.equals(restB) || tail(restA).equals(tail(restB)) || tail(restA).equals(restB)
                || restA.equals(tail(restB));
    }

    private static String tail(String text) {
        return text.isEmpty() ? text : text.substring(1);
    }

    /** A field that must be a string (or absent, or null): {@code "name": 5} would make a key named "5". */
    private static String text(JsonNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw new IllegalArgumentException("'" + field + "' must be a string, got " + node.getNodeType()
                    .name().toLowerCase(java.util.Locale.ROOT) + " " + abbreviated(node.toString())
                    + "; nothing was created");
        }
        return node.asText();
    }

    private static String abbreviated(String text) {
        return text.length() > 40 ? text.substring(0, 40) + "…" : text;
    }

    private static List<String> strings(JsonNode body, String field) {
        JsonNode node = body.get(field);
        List<String> out = new ArrayList<>();
        if (node == null || node.isNull()) {
            return out;
        }
        if (node.isTextual()) {
            for (String part : node.asText().split(",")) {
                if (!part.isBlank()) {
                    out.add(part.trim());
                }
            }
            return out;
        }
        if (!node.isArray()) {
            throw new IllegalArgumentException("'" + field + "' must be a list of strings");
        }
        for (JsonNode n : node) {
            if (!n.isTextual()) {
                throw new IllegalArgumentException("'" + field + "' must be a list of strings; got "
                        + abbreviated(n.toString()));
            }
            out.add(n.asText());
        }
        return out;
    }

    private static ApiException missing(String id) {
        return ApiException.notFound("no API key with id '" + Echo.of(id) + "'; GET /api/v1/keys lists them");
    }
}
