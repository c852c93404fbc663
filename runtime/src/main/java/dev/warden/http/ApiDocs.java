package dev.warden.http;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What each route does, for the OpenAPI document that {@link OpenApi} builds from the registered routes. Every route
 * needs an entry here and every entry a route: {@code OpenApiTest} fails otherwise, which keeps the document true.
 */
final class ApiDocs {

    /**
     * @param query query parameters, name to description
     * @param body what the request body holds, or null for none
     * @param responses success and route-specific error statuses, to description (auth errors are added; the
     *                  answers' schemas are in {@link ApiSchemas})
     */
    record Doc(String tag, String summary, Map<String, String> query, String body, Map<Integer, String> responses) {
    }

    static final Map<String, Doc> DOCS = new LinkedHashMap<>();

    /** Request headers a route reads, name to description (route key as in {@link #DOCS}). */
    static final Map<String, Map<String, String>> HEADERS = new LinkedHashMap<>();

    private static final Map<String, String> RETRY_HEADERS = Map.of(
            "Idempotency-Key", "a retry with the same key within 24 h gets the first request's runs, never new ones",
            "X-Request-Id", "used as the Idempotency-Key when that is absent",
            "Prefer", "wait=N: wait mode, as ?wait=Ns");

    private static final String BODY_TIMEOUT = "The body did not arrive within http.bodyTimeout (30 s) of the "
            + "headers (BODY_TIMEOUT); the connection is closed";

    private static final String RUN_ANSWER = "?wait= or Prefer: wait=N: 200 when the run ends in time, else 202";

    static {
        doc("GET /health", "health", "Up, rules loaded, and the webhook route self-test (details with a key that "
                + "has rules:read, within its limits; a key sent must be valid)", Map.of(), null, Map.of(200, "Health",
                401, "A key was sent and it is invalid, expired or revoked (KEY_INVALID, KEY_EXPIRED, KEY_REVOKED)",
                429, "Too many failed authentications from this address (THROTTLED, Retry-After)"));
        doc("GET /api/openapi.json", "health", "This document", Map.of(), null, Map.of(200, "OpenAPI 3.1"));
        doc("GET /metrics", "health", "Prometheus metrics (text format)", Map.of(), null, Map.of(200, "Metrics"));
        doc("POST /hooks/{name}", "webhooks", "Start every enabled rule that declares webhook('{name}'). Auth per "
                        + "hook (webhooks.<name>.auth): an API key with webhooks:trigger and/or an HMAC-SHA256 "
                        + "signature (X-Warden-Timestamp, X-Warden-Signature: sha256=...). Idempotency-Key or "
                        + "X-Request-Id de-duplicates for 24 h.",
                Map.of("wait", "wait for the result, e.g. 20s (also Prefer: wait=20); at most 60s"),
                "JSON of any shape, form fields, or text; 1 MiB unless webhooks.maxBody says otherwise",
                Map.ofEntries(Map.entry(202, "Accepted: {\"runs\": [{\"id\", \"rule\", \"status\", \"url\"}]}"),
                        Map.entry(200, "Wait mode: the rule's result (or the status and body it chose with "
                                + "respond()); with several rules {\"runs\": [{..., \"result\", \"response\": "
                                + "{\"status\"}}]}"),
                        Map.entry(400, "Malformed JSON (MALFORMED_JSON, with the line and column), a number beyond "
                                + "a JavaScript number's range (NUMBER_OUT_OF_RANGE, with the line and column), a "
                                + "malformed form (MALFORMED_FORM), bytes that are not UTF-8 in a body naming no other "
                                + "charset (MALFORMED_BODY), a body shorter than announced (INCOMPLETE_BODY) or a bad "
                                + "parameter (BAD_REQUEST)"),
                        Map.entry(404, "No enabled rule declares this webhook (UNKNOWN_HOOK, HOOK_HAS_NO_RULE, "
                                + "HOOK_HAS_NO_ENABLED_RULE)"),
                        Map.entry(408, "The body did not arrive within http.bodyTimeout (30 s) of the headers, "
                                + "or, on a hook authenticated by signature alone, paused more than 10 s (BODY_TIMEOUT; "
                                + "on such a hook it counts as a failed authentication); the connection is closed"),
                        Map.entry(413, "Body larger than the hook's limit (TOO_LARGE)"),
                        Map.entry(415, "Multipart or compressed (Content-Encoding) body, or a charset Warden does "
                                + "not know (UNSUPPORTED_MEDIA_TYPE)"),
                        Map.entry(422, "The Idempotency-Key was used within 24 h for another body "
                                + "(IDEMPOTENCY_KEY_REUSED)"),
                        Map.entry(429, "Run queue full (QUEUE_FULL; Retry-After: how long the backlog takes at "
                                + "the recent rate, 1-60 s) or too many failed authentications (THROTTLED)"),
                        Map.entry(500, "Wait mode: the rule failed or was cancelled (RUN_FAILED, RUN_CANCELLED; "
                                + "the error lists the runs)"),
                        Map.entry(503, "The database refused the write; nothing was accepted (STORE_UNAVAILABLE, "
                                + "Retry-After), or too many bodies of signature-only hooks are being received at "
                                + "once (BUSY, Retry-After)"),
                        Map.entry(504, "Wait mode: the rule timed out (RUN_TIMED_OUT; the error lists the runs)")));
        Map<String, String> hookHeaders = new LinkedHashMap<>(RETRY_HEADERS);
        hookHeaders.put("X-Warden-Timestamp", "Unix seconds the signature was made at (signed hooks)");
        hookHeaders.put("X-Warden-Signature", "sha256=<hex HMAC-SHA256 of '<timestamp>.<body>' with the hook's "
                + "secret> (signed hooks)");
        HEADERS.put("POST /hooks/{name}", hookHeaders);
        HEADERS.put("POST /api/v1/rules/{id}/runs", RETRY_HEADERS);
        doc("GET /api/v1/rules", "rules", "List rules (and files with problems)", Map.of(), null,
                Map.of(200, "{\"rules\", \"problems\", \"warnings\"}"));
        doc("GET /api/v1/rules/{id}", "rules", "One rule with its source, triggers and problems", Map.of(), null,
                Map.of(200, "{\"rule\", \"source\", \"problems\", \"warnings\"}"));
        doc("POST /api/v1/rules/{id}/runs", "rules", "Run the rule now with the request body as input, or replay a "
                        + "past run's input with ?replay=<run id> (also needs runs:read)",
                Map.of("wait", "wait for the run, e.g. 20s", "replay", "id of a past run whose input to use"),
                "the input: any JSON", Map.of(202, "Accepted", 200, RUN_ANSWER,
                        400, "The input is not JSON (MALFORMED_JSON) or has a number beyond a JavaScript "
                                + "number's range (NUMBER_OUT_OF_RANGE), ended before its announced length "
                                + "(INCOMPLETE_BODY), or a bad wait or Idempotency-Key (BAD_REQUEST); nothing is run",
                        403, "The key lacks rules:run, or runs:read for ?replay= (SCOPE_MISSING), or is limited to "
                                + "other rules (RULE_NOT_ALLOWED)",
                        404, "No such rule, or no such run to replay (NOT_FOUND)",
                        408, BODY_TIMEOUT,
                        409, "The rule has no manual() trigger (NO_MANUAL_TRIGGER)",
                        422, "The Idempotency-Key was used within 24 h for another input (IDEMPOTENCY_KEY_REUSED)",
                        429, "Run queue full (QUEUE_FULL; Retry-After: how long the backlog takes at the recent "
                                + "rate, 1-60 s) or too many failed authentications (THROTTLED)",
                        503, "The database refused the write; nothing was accepted (STORE_UNAVAILABLE, "
                                + "Retry-After)"));
        doc("GET /api/v1/rules/{id}/schedule", "rules", "The rule's schedule: enabled, triggers, misfire and "
                        + "concurrency policies, last fire and its outcome, the next fires in the rule's zone and UTC",
                Map.of("next", "how many next fires, 1-100, default 5"), null,
                Map.of(200, "{\"rule\", \"enabled\", \"serverZone\", \"triggers\", \"next\", ...}",
                        400, "next out of range (BAD_REQUEST)"));
        doc("POST /api/v1/rules/{id}/disable", "rules", "Disable the rule on every instance: no scheduled fires, "
                + "webhooks skip it (needs admin)", Map.of(), null, Map.of(200, "{\"rule\", \"enabled\": false}"));
        doc("POST /api/v1/rules/{id}/enable", "rules", "Enable the rule again (needs admin)", Map.of(), null,
                Map.of(200, "{\"rule\", \"enabled\": true}"));
        doc("GET /api/v1/runs", "runs", "List runs, newest first", Map.of("rule", "only this rule's runs",
                        "status", "QUEUED, RUNNING, SUCCEEDED, FAILED, TIMED_OUT, CANCELLED, MISSED or SKIPPED",
                        "before", "cursor: the 'next' of the previous page", "limit", "1-500, default 50"),
                null, Map.of(200, "{\"runs\", \"next\"} (a key limited to rules sees their runs only)",
                        400, "An unknown status, a bad limit or a bad percent-escape (BAD_REQUEST)",
                        403, "The key lacks runs:read (SCOPE_MISSING), or ?rule= names a rule outside the key's "
                                + "limit (RULE_NOT_ALLOWED)"));
        doc("GET /api/v1/runs/{id}", "runs", "One run with input, result, error and logs (a result made with "
                        + "respond() shows its body, and response: {status} after it)", Map.of(), null,
                Map.of(200, "Run"));
        doc("GET /api/v1/runs/{id}/logs", "runs", "A run's log lines", Map.of(), null,
                Map.of(200, "{\"id\", \"status\", \"logs\"}"));
        doc("POST /api/v1/runs/{id}/cancel", "runs", "Cancel a queued or running run", Map.of(), null,
                Map.of(200, "The run as it ended", 409, "The run had already ended (ALREADY_FINISHED)"));
        doc("GET /api/v1/keys", "keys", "List API keys (never their secrets)", Map.of(), null,
                Map.of(200, "{\"keys\"}"));
        doc("POST /api/v1/keys", "keys", "Create an API key; the answer holds its secret, shown only this once",
                Map.of(), "{\"name\", \"scopes\": [...], \"rules\": [...], \"hooks\": [...], \"expires\": \"90d\"}",
                Map.of(201, "{\"key\", \"secret\", \"note\", \"warnings\": [...]}; warnings name each rules or hooks "
                                + "limit that matches no loaded rule id or no webhook a loaded rule declares (the key "
                                + "is created all the same: the rule may come later), [] when none",
                        400, "Invalid name, scope, limit or expiry, or an unknown field (BAD_REQUEST), or a body "
                                + "that is not JSON or names a field twice (MALFORMED_JSON)",
                        408, BODY_TIMEOUT,
                        403, "The key lacks keys:manage, or asks for a scope it lacks itself (SCOPE_MISSING, "
                                + "naming the scope); or the key is limited to rules or webhooks and the new key's "
                                + "limits are not some of them (LIMIT_EXCEEDED)",
                        409, "A key that is neither revoked nor expired has this name, letter case aside "
                                + "(KEY_NAME_TAKEN; the message names it)"));
        doc("GET /api/v1/keys/{id}", "keys", "One API key", Map.of(), null, Map.of(200, "Key"));
        doc("POST /api/v1/keys/{id}/revoke", "keys", "Revoke an API key for good (only a key that has every scope "
                + "of the one it revokes may)", Map.of(), null, Map.of(200, "The revoked key", 403, "The key lacks "
                + "keys:manage, or a scope the key to revoke has (SCOPE_MISSING)"));
        doc("GET /api/v1/audit", "audit", "The audit trail, newest first; trail=leases gives the admin-key lease "
                + "trail", Map.of("action", "e.g. key.create, key.revoke, request.refused (or a lease action)",
                "before", "cursor", "limit", "1-500, default 50", "trail", "leases for the admin-key lease trail",
                "run", "with trail=leases: only this run's lines"), null,
                Map.of(200, "{\"entries\", \"next\"}; with trail=leases {\"entries\"}",
                        400, "limit out of range (1-500; 1-1000 with trail=leases) or an unknown trail (BAD_REQUEST)"));
        doc("GET /api/v1/plugins", "plugins", "Installed plugins with their state (STARTED, STOPPED, DISABLED, "
                + "FAILED and why)", Map.of(), null, Map.of(200, "{\"plugins\"}"));
        doc("GET /api/v1/plugins/{id}", "plugins", "One plugin", Map.of(), null, Map.of(200, "Plugin"));
        doc("POST /api/v1/plugins/{id}/stop", "plugins", "Stop a plugin at runtime; its namespaces leave new runs",
                Map.of(), null, Map.of(200, "The plugin", 409, "The plugin is not enabled (NOT_ENABLED)"));
        doc("POST /api/v1/plugins/{id}/start", "plugins", "Start a stopped plugin", Map.of(), null,
                Map.of(200, "The plugin", 409, "The plugin is not enabled (NOT_ENABLED)"));
        doc("GET /api/v1/leases", "leases", "Admin-key leases held now by every Warden sharing the database (each "
                + "with its instanceId and heartbeatAt), and whether the kill switch is on",
                Map.of(), null, Map.of(200, "{\"leases\", \"revoked\", \"available\"}"));
        doc("GET /api/v1/leases/audit", "leases", "The lease audit trail, newest first: enable, renew, join, release, "
                + "disable, refuse, sweep and every request made under the key", Map.of("run", "only this run's lines",
                "action", "only this action", "limit", "1-1000, default 100"), null, Map.of(200, "{\"entries\"}",
                400, "limit out of range or not a number (BAD_REQUEST)"));
        doc("POST /api/v1/leases/revoke-all", "leases", "Kill switch: from its answer on no request carries the key; "
                + "disable the key, cancel leased runs, refuse new leases until restored", Map.of(), null,
                Map.of(200, "{\"revoked\": true, \"keyDisabled\", \"message\"}", 409,
                "No admin-key provider is configured (NO_ADMIN_KEY_PROVIDER)"));
        doc("POST /api/v1/leases/restore", "leases", "Lift the kill switch", Map.of(), null,
                Map.of(200, "{\"revoked\": false}", 409,
                        "No admin-key provider is configured (NO_ADMIN_KEY_PROVIDER)"));
    }

    private ApiDocs() {
    }

    private static void doc(String key, String tag, String summary, Map<String, String> query, String body,
                            Map<Integer, String> responses) {
        DOCS.put(key, new Doc(tag, summary, query, body, responses));
    }

    /** Route keys documented here, for the test. */
    static List<String> keys() {
        return List.copyOf(DOCS.keySet());
    }
}
