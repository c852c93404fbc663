package dev.warden.http;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.warden.keys.Scope;
import dev.warden.rules.TriggerType;
import dev.warden.runs.RunStatus;

/**
 * The JSON Schemas of the API's answers, for the OpenAPI document ({@code components/schemas}), and which one each
 * route answers with per status. Read off the serializers ({@link KeyView}, {@link RuleView}, {@code Run},
 * {@code PluginInfo}, the maps the routes build): a field is {@code required} only when it is always present (the
 * records written with {@code NON_NULL} leave out what is null), and a field that is present but may be null has a
 * type array with {@code "null"}. {@code ResponseSchemasTest} checks real answers against them.
 *
 * <p>Every error, whatever its status, has the one {@value #ERROR} shape; a schema that does not list
 * {@code additionalProperties} may still grow fields, as the API adds them.
 */
final class ApiSchemas {

    static final String ERROR = "Error";

    /** Component name to schema, in the order the document lists them. */
    private static final Map<String, Map<String, Object>> SCHEMAS = new LinkedHashMap<>();

    /** Route key (as in {@link ApiDocs#DOCS}) to status to the schema of its JSON answer. */
    private static final Map<String, Map<Integer, Map<String, Object>>> ANSWERS = new LinkedHashMap<>();

    /** Route key to the schema of the request body it takes, where the route checks its shape. */
    private static final Map<String, Map<String, Object>> REQUESTS = new LinkedHashMap<>();

    /** Routes that answer their success in another media type than JSON, route key to media type. */
    static final Map<String, String> MEDIA_TYPES = Map.of("GET /metrics", "text/plain");

    static {
        errors();
        runs();
        rules();
        keys();
        keyRequest();
        others();
        answers();
    }

    private ApiSchemas() {
    }

    /** {@code components/schemas}. */
    static Map<String, Object> components() {
        return new LinkedHashMap<>(SCHEMAS);
    }

    /** The schema of a route's answer with this status: its own, the error shape for 4xx and 5xx, else null. */
    static Map<String, Object> of(String routeKey, int status) {
        Map<String, Object> own = ANSWERS.getOrDefault(routeKey, Map.of()).get(status);
        if (own != null) {
            return own;
        }
        return status >= 400 ? ref(ERROR) : null;
    }

    /** The schema of a route's request body: its own, or any JSON. */
    static Map<String, Object> request(String routeKey) {
        return REQUESTS.getOrDefault(routeKey, Map.of());
    }

    /** The route keys and statuses with a schema of their own, for the test. */
    static Map<String, List<Integer>> routesWithSchemas() {
        Map<String, List<Integer>> out = new LinkedHashMap<>();
        ANSWERS.forEach((route, byStatus) -> out.put(route, List.copyOf(byStatus.keySet())));
        return out;
    }

    private static void errors() {
        define(ERROR, object("Every error's shape. A wait-mode webhook whose run did not succeed (500 RUN_FAILED "
                        + "or RUN_CANCELLED, 504 RUN_TIMED_OUT) lists the runs too.", List.of("error"),
                "error", object(null, List.of("code", "message"),
                        "code", string("Stable upper-case code, e.g. NOT_FOUND, BAD_REQUEST, MALFORMED_JSON, "
                                + "KEY_MISSING, SCOPE_MISSING, QUEUE_FULL; the route's responses name the codes "
                                + "it answers with"),
                        "message", string("What went wrong and, where there is one, what to do about it")),
                "runs", array(ref("RunLink"), "Wait-mode webhooks only: the runs the request started")));
    }

    private static void runs() {
        define("RunStatus", with(Map.of("type", "string", "enum", Arrays.stream(RunStatus.values())
                .map(Enum::name).toList()), "QUEUED and RUNNING until it ends; MISSED and SKIPPED are scheduled "
                + "fires that started no run"));
        define("RunLink", object("A run as an accepted request names it", List.of("id", "rule", "status", "url"),
                "id", string(), "rule", string("The rule's id"), "status", ref("RunStatus"),
                "url", string("/api/v1/runs/{id}")));
        define("WebhookAccepted", object("The runs a webhook started, one per enabled rule declaring it",
                List.of("runs"), "runs", array(ref("RunLink"))));
        define("RunError", object("Why a run failed, was cancelled or did not run", List.of("code"),
                "code", string("e.g. RULE_ERROR, TIMED_OUT, MEMORY_GUARD, STATEMENT_LIMIT, LOAD_ERROR, "
                        + "RESULT_NOT_JSON, CANCELLED, INTERRUPTED, INTERNAL, MISSED"),
                "message", string(), "file", string("The rule file, when the failure has a place in it"),
                "line", integer(), "column", integer(), "stack", string("The JavaScript stack, innermost first"),
                "diagnosis", string("The plain-words diagnosis a Confluence or plugin call's error carried")));
        define("LogLine", object("One line a rule logged", List.of("time", "level", "message"),
                "time", dateTime(), "level", string(), "message", string(),
                "fields", any("The fields object the rule logged with the line")));
        define("Run", object("The record of one run; what is not known (yet) is left out", List.of("id", "rule",
                        "trigger", "status", "createdAt"),
                "id", string(), "rule", string("The rule's id"), "file", string("The rule file"),
                "fileVersion", string("Short content hash of the file the run used"),
                "trigger", object("What started the run", List.of("type"),
                        "type", enumOf(Arrays.stream(TriggerType.values()).map(TriggerType::jsName).toList()),
                        "name", string("The webhook's name (webhook triggers)"),
                        "scheduledFor", dateTime("The fire time the run is for (cron and every)"),
                        "catchUp", bool("True when the run catches up missed fires (cron and every)"),
                        "replayOf", string("For a replay (?replay=): the id of the run it reruns")),
                "status", ref("RunStatus"), "createdAt", dateTime(), "startedAt", dateTime(),
                "finishedAt", dateTime(), "durationMs", integer("From start to finish, once finished"),
                "input", any("The run's input: the webhook's body, the run-now body, or what the schedule passed"),
                "result", any("What the rule returned; with respond(), the body it chose"),
                "response", object("Present when the rule answered with respond(status, body)", List.of("status"),
                        "status", integer("The HTTP status the rule chose")),
                "error", ref("RunError"), "logs", array(ref("LogLine")),
                "waitingForAdminKeySince", dateTime("Present while the run is RUNNING but waits for Confluence to "
                        + "enable the admin key (its rule's code has not started, and it holds no worker): since when"),
                "lease", array(ref("LeaseAuditEntry"), "The admin-key lease trail of the run, oldest first "
                        + "(only GET /api/v1/runs/{id}, only when the run leased the key)")));
        define("RunPage", object("A page of runs, newest first", List.of("runs", "next"),
                "runs", array(ref("Run")), "next", nullable("string", "Cursor: pass it as ?before= for the next "
                        + "page; null on the last page")));
        define("RunLogs", object(null, List.of("id", "status", "logs"), "id", string(), "status", ref("RunStatus"),
                "logs", array(ref("LogLine"))));
    }

    private static void rules() {
        define("Trigger", object("One trigger; only its type's fields are present", List.of("type"),
                "type", enumOf(Arrays.stream(TriggerType.values()).map(TriggerType::jsName).toList()),
                "name", string("webhook: the hook's name"), "expression", string("cron: the expression"),
                "zone", string("cron: the zone it is read in"), "interval", string("every: e.g. 15m"),
                "startAt", string(), "endAt", string()));
        define("ScheduleSummary", object("How a scheduled rule is doing", List.of(),
                "lastFire", dateTime(), "lastStatus", ref("RunStatus"),
                "lastRun", string("The run (or MISSED/SKIPPED record) of the last fire"),
                "nextFire", dateTime("Absent when disabled or when every trigger's endAt has passed")));
        define("Rule", object("A loaded rule", List.of("id", "file", "triggers", "timeout", "enabled"),
                "id", string(), "description", string(), "file", string("Relative to the rules folder"),
                "fileVersion", string(), "triggers", array(ref("Trigger")),
                "adminKey", object("Present when the rule leases the admin key", List.of("minutes"),
                        "minutes", integer()),
                "timeout", string("e.g. 30s"), "enabled", bool("False when disabled through the API"),
                "misfire", string("Scheduled rules: the misfire policy"),
                "concurrency", string("Scheduled rules: the concurrency policy"),
                "schedule", ref("ScheduleSummary")));
        define("RuleProblem", object("What is wrong with a rule file", List.of("file", "line", "column", "message"),
                "file", string(), "line", integer(), "column", integer(), "message", string()));
        define("RuleList", object(null, List.of("rules", "problems", "warnings"), "rules", array(ref("Rule")),
                "problems", array(ref("RuleProblem"), "Problems of every rule file, loaded or not"),
                "warnings", array(ref("RuleProblem"), "What does not stop a file loading but its author should see "
                        + "(a promise its top level rejected and nothing handled)")));
        define("RuleDetail", object(null, List.of("rule", "source", "problems", "warnings"), "rule", ref("Rule"),
                "source", nullable("string", "The rule file's text; null when it cannot be read"),
                "problems", array(ref("RuleProblem")), "warnings", array(ref("RuleProblem"),
                        "The warnings of the rule's file")));
        define("Schedule", object("A rule's schedule", List.of("rule", "enabled", "serverZone", "triggers",
                        "misfire", "concurrency", "lastFire", "lastStatus", "lastRun", "nextFire", "next"),
                "rule", string(), "enabled", bool(), "serverZone", string(),
                "triggers", array(string(), "The scheduled triggers described, e.g. 'cron 0 0 8 * * ? (UTC)'"),
                "misfire", string(), "concurrency", string(), "lastFire", nullable("string", null, "date-time"),
                "lastStatus", with(Map.of("type", List.of("string", "null")), "A RunStatus, or null"),
                "lastRun", nullable("string"), "nextFire", nullable("string", null, "date-time"),
                "next", array(object("One upcoming fire", List.of("trigger", "zone", "at", "utc"),
                        "trigger", string(), "zone", string(), "at", dateTime("In the trigger's zone, with offset"),
                        "utc", dateTime())),
                "ended", array(object("A trigger that fires no more", List.of("trigger", "reason"),
                        "trigger", string(), "reason", string("e.g. 'ended: its endAt 2026-03-31 has passed'")))));
        define("RuleEnabled", object(null, List.of("rule", "enabled"), "rule", string(), "enabled", bool()));
    }

    private static void keys() {
        define("Key", object("An API key, never its secret", List.of("id", "name", "status", "scopes", "rules",
                        "hooks", "createdAt", "createdBy"),
                "id", string(), "name", string(),
                "prefix", string("The secret's first characters and an ellipsis, to recognise it"),
                "status", enumOf(List.of("active", "expired", "revoked")),
                "scopes", array(enumOf(Arrays.stream(Scope.values()).map(Scope::id).toList())),
                "rules", array(string(), "The rules it is limited to; empty for all"),
                "hooks", array(string(), "The webhooks it is limited to; empty for all"),
                "createdAt", dateTime(), "createdBy", string("Who created it, e.g. key:Ab12Cd34 (admin)"),
                "expiresAt", dateTime("Absent when it never expires"), "revokedAt", dateTime(),
                "lastUsedAt", dateTime()));
        define("KeyList", object(null, List.of("keys"), "keys", array(ref("Key"))));
        define("NewKey", object("A key just created, with its secret: the only time the secret is shown",
                List.of("key", "secret", "note", "warnings"), "key", ref("Key"), "secret", string(),
                "note", string(), "warnings", array(string(), "One per rules or hooks limit that matches no loaded "
                        + "rule or declared webhook; empty when none")));
    }

    private static void keyRequest() {
        Map<String, Object> names = Map.of("type", List.of("array", "string"), "items", string(),
                "description", "A list, or one string with commas between the names");
        Map<String, Object> request = object("What POST /api/v1/keys takes; any other field is a 400, so that a "
                        + "misspelt limit never makes a key without it", List.of("name", "scopes"),
                "name", string("1-128 characters, no control characters; unique among keys in use, letter case "
                        + "aside"),
                "scopes", with(names, "At least one of " + String.join(", ", Arrays.stream(Scope.values())
                        .map(Scope::id).toList()) + "; a list, or one string with commas between them"),
                "rules", with(names, "Rule ids the key is limited to; none for all"),
                "hooks", with(names, "Webhook names the key is limited to; none for all"),
                "expires", nullable("string", "90d, 12h, a date (its end in UTC), an instant or never (the "
                        + "default)"),
                "expiresAt", nullable("string", "An instant, instead of expires", "date-time"));
        request.put("additionalProperties", false);
        define("KeyRequest", request);
        REQUESTS.put("POST /api/v1/keys", ref("KeyRequest"));
    }

    private static void others() {
        define("AuditEntry", object("One audited event; never holds a secret", List.of("id", "at", "actor",
                        "action"),
                "id", string(), "at", dateTime(), "actor", string("e.g. key:Ab12Cd34 (ci)"),
                "action", string("e.g. key.create, key.revoke, request.refused"), "target", string(),
                "detail", string(), "address", string()));
        define("AuditPage", object("A page of the audit trail, newest first", List.of("entries", "next"),
                "entries", array(ref("AuditEntry")), "next", nullable("string", "Cursor for ?before=; null on the "
                        + "last page")));
        define("LeaseAuditEntry", object("One line of the admin-key lease trail", List.of("id", "at", "action"),
                "id", string(), "at", dateTime(), "site", string(), "account", string(),
                "action", string("enable, renew, join, release, disable, refuse, sweep, request..."),
                "ruleId", string(), "runId", string(), "requestId", string(), "expiresAt", dateTime(),
                "detail", string()));
        define("LeaseAuditTrail", object("The lease trail, newest first", List.of("entries"),
                "entries", array(ref("LeaseAuditEntry"))));
        define("Lease", object("One run's hold on the admin key", List.of("id", "site", "ruleId", "runId",
                        "requestId", "minutes", "acquiredAt", "holdUntil"),
                "id", string(), "site", string(), "ruleId", string(), "runId", string(),
                "requestId", nullable("string"), "minutes", integer(), "acquiredAt", dateTime(),
                "holdUntil", dateTime("Start + the declared minutes + the rule's timeout"),
                "instanceId", string("The Warden process holding it (host and data folder)"),
                "heartbeatAt", dateTime("When that process last said it is alive")));
        define("Leases", object(null, List.of("leases", "revoked", "available"), "leases", array(ref("Lease")),
                "revoked", bool("The kill switch is on"), "available", bool("An admin-key provider is configured")));
        define("KillSwitch", object(null, List.of("revoked"), "revoked", bool(), "message", string(),
                "keyDisabled", bool("revoke-all only: Confluence confirmed the key off before the answer (else the "
                        + "DELETE is still in flight and retried)")));
        define("Plugin", object("An installed plugin", List.of("id", "state"),
                "id", string("Its id, or for a file that could not be loaded, the file's name"), "version", string(),
                "state", enumOf(List.of("STARTED", "STOPPED", "DISABLED", "FAILED")), "description", string(),
                "file", string(), "error", string("Why it failed or is disabled"),
                "extensions", array(string(), "While started: the extension points it implements"),
                "namespaces", array(string(), "While started: the rule namespaces it contributes")));
        define("PluginList", object(null, List.of("plugins"), "plugins", array(ref("Plugin"))));
        define("Health", object(null, List.of("status", "version", "rules", "filesWithProblems", "stuckRuns",
                        "webhooks"),
                "status", enumOf(List.of("UP")), "version", string(), "rules", integer("Rules loaded"),
                "filesWithProblems", integer(),
                "stuckRuns", integer("Runs stopped (timed out or cancelled) more than 10 s ago whose rule code still "
                        + "runs, each holding a worker until Warden restarts (the log names them)"),
                "webhooks", object("The webhook route self-test", List.of("bound", "configured", "problems"),
                        "bound", integer("Hooks with an enabled rule"), "configured", integer(),
                        "problems", integer(),
                        "hooks", array(object("Only for a key with rules:read", List.of("name", "rules",
                                        "enabledRules", "configured", "auth", "problems"),
                                "name", string(), "rules", array(string()), "enabledRules", integer(),
                                "configured", bool(), "auth", nullable("string"), "problems", array(string()))))));
    }

    private static void answers() {
        answer("GET /health", 200, ref("Health"));
        answer("GET /api/openapi.json", 200, with(Map.of("type", "object"), "This document"));
        answer("GET /metrics", 200, string("Prometheus text format"));
        answer("POST /hooks/{name}", 202, ref("WebhookAccepted"));
        answer("POST /hooks/{name}", 200, any("Free-form: the rule's result as it returned it (any JSON, null "
                + "included), the body it chose with respond(), or with several rules {\"runs\": [{\"id\", \"rule\", "
                + "\"status\", \"url\", \"result\", \"response\"}]}"));
        answer("GET /api/v1/rules", 200, ref("RuleList"));
        answer("GET /api/v1/rules/{id}", 200, ref("RuleDetail"));
        answer("POST /api/v1/rules/{id}/runs", 202, ref("RunLink"));
        answer("POST /api/v1/rules/{id}/runs", 200, ref("Run"));
        answer("GET /api/v1/rules/{id}/schedule", 200, ref("Schedule"));
        answer("POST /api/v1/rules/{id}/disable", 200, ref("RuleEnabled"));
        answer("POST /api/v1/rules/{id}/enable", 200, ref("RuleEnabled"));
        answer("GET /api/v1/runs", 200, ref("RunPage"));
        answer("GET /api/v1/runs/{id}", 200, ref("Run"));
        answer("GET /api/v1/runs/{id}/logs", 200, ref("RunLogs"));
        answer("POST /api/v1/runs/{id}/cancel", 200, ref("Run"));
        answer("GET /api/v1/keys", 200, ref("KeyList"));
        answer("POST /api/v1/keys", 201, ref("NewKey"));
        answer("GET /api/v1/keys/{id}", 200, ref("Key"));
        answer("POST /api/v1/keys/{id}/revoke", 200, ref("Key"));
        answer("GET /api/v1/audit", 200, with(Map.of("anyOf", List.of(ref("AuditPage"), ref("LeaseAuditTrail"))),
                "The audit trail; with ?trail=leases the lease trail"));
        answer("GET /api/v1/plugins", 200, ref("PluginList"));
        answer("GET /api/v1/plugins/{id}", 200, ref("Plugin"));
        answer("POST /api/v1/plugins/{id}/stop", 200, ref("Plugin"));
        answer("POST /api/v1/plugins/{id}/start", 200, ref("Plugin"));
        answer("GET /api/v1/leases", 200, ref("Leases"));
        answer("GET /api/v1/leases/audit", 200, ref("LeaseAuditTrail"));
        answer("POST /api/v1/leases/revoke-all", 200, ref("KillSwitch"));
        answer("POST /api/v1/leases/restore", 200, ref("KillSwitch"));
    }

    private static void define(String name, Map<String, Object> schema) {
        SCHEMAS.put(name, schema);
    }

    private static void answer(String routeKey, int status, Map<String, Object> schema) {
        ANSWERS.computeIfAbsent(routeKey, k -> new LinkedHashMap<>()).put(status, schema);
    }

    static Map<String, Object> ref(String name) {
        return Map.of("$ref", "#/components/schemas/" + name);
    }

    /**
     * An object schema.
     *
     * @param description or null
     * @param required the properties always present
     * @param properties name, schema, name, schema...
     */
    private static Map<String, Object> object(String description, List<String> required, Object... properties) {
        Map<String, Object> props = new LinkedHashMap<>();
        for (int i = 0; i < properties.length; i += 2) {
            props.put((String) properties[i], properties[i + 1]);
        }
        if (!props.keySet().containsAll(required)) {
            throw new IllegalStateException("required names a property the schema lacks: " + required);
        }
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("type", "object");
        if (description != null) {
            schema.put("description", description);
        }
        if (!required.isEmpty()) {
            schema.put("required", required);
        }
        schema.put("properties", props);
        return schema;
    }

    private static Map<String, Object> array(Map<String, Object> items) {
        return Map.of("type", "array", "items", items);
    }

    private static Map<String, Object> array(Map<String, Object> items, String description) {
        return Map.of("type", "array", "items", items, "description", description);
    }

    private static Map<String, Object> string() {
        return Map.of("type", "string");
    }

    private static Map<String, Object> string(String description) {
        return Map.of("type", "string", "description", description);
    }

    private static Map<String, Object> integer() {
        return Map.of("type", "integer");
    }

    private static Map<String, Object> integer(String description) {
        return Map.of("type", "integer", "description", description);
    }

    private static Map<String, Object> bool() {
        return Map.of("type", "boolean");
    }

    private static Map<String, Object> bool(String description) {
        return Map.of("type", "boolean", "description", description);
    }

    /** An instant, ISO-8601 in UTC (2025-01-31T08:00:00.123Z). */
    private static Map<String, Object> dateTime() {
        return Map.of("type", "string", "format", "date-time");
    }

    private static Map<String, Object> dateTime(String description) {
        return Map.of("type", "string", "format", "date-time", "description", description);
    }

    private static Map<String, Object> nullable(String type) {
        return Map.of("type", List.of(type, "null"));
    }

    private static Map<String, Object> nullable(String type, String description) {
        return nullable(type, description, null);
    }

    /** A field always present whose value may be null; description and format may be null. */
    private static Map<String, Object> nullable(String type, String description, String format) {
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("type", List.of(type, "null"));
        if (format != null) {
            schema.put("format", format);
        }
        if (description != null) {
            schema.put("description", description);
        }
        return schema;
    }

    private static Map<String, Object> enumOf(List<String> values) {
        return Map.of("type", "string", "enum", values);
    }

    /** Free-form: any JSON value, null included. */
    private static Map<String, Object> any(String description) {
        return Map.of("description", description);
    }

    private static Map<String, Object> with(Map<String, Object> schema, String description) {
        Map<String, Object> out = new LinkedHashMap<>(schema);
        out.put("description", description);
        return out;
    }
}
