package dev.warden.engine.internal;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.graalvm.polyglot.HostAccess;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.warden.engine.LogLine;
import dev.warden.engine.TruncatedJson;
import dev.warden.plugin.RuleApiProvider;
import dev.warden.plugin.RuleCall;
import dev.warden.plugin.RuleCallException;
import dev.warden.plugin.RuleFunction;

/**
 * The only Java object a rule context can reach: logging and calls into namespaces, all as strings.
 *
 * <p>One per context, so it is used by one thread at a time; {@link #begin} and {@link #end} bracket each run.
 */
public final class RunHost {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_LOG_LINES = 1000;
    private static final int MAX_LOG_CHARS = 8192;
    /** A log line's fields (their JSON) beyond this are kept as {"truncated", "chars", "preview"}. */
    static final int MAX_FIELDS_CHARS = 16 * 1024;

    private final Map<String, RuleApiProvider> providers = new LinkedHashMap<>();
    private final Map<String, Map<String, RuleFunction>> functions = new LinkedHashMap<>();
    private final Clock clock;
    private List<LogLine> logs = new ArrayList<>();
    private RuleCall current;
    private int dropped;

    public RunHost(List<RuleApiProvider> providers, Clock clock) {
        providers.forEach(p -> {
            this.providers.put(p.namespace(), p);
            this.functions.put(p.namespace(), Map.copyOf(p.functions()));
        });
        this.clock = clock;
    }

    public void begin(String runId, String ruleId) {
        current = new RuleCall(runId, ruleId, (level, message) -> log(level, message, null));
        logs = new ArrayList<>();
        dropped = 0;
    }

    /** The lines logged since {@link #begin}, plus one noting how many were dropped past the cap. */
    public List<LogLine> end() {
        List<LogLine> lines = logs;
        if (dropped > 0) {
            lines.add(new LogLine(clock.instant(), "WARN", dropped + " more log lines were dropped (cap "
                    + MAX_LOG_LINES + " per run)", null));
        }
        current = null;
        logs = new ArrayList<>();
        return lines;
    }

    @HostAccess.Export
    public void log(String level, String message, String fields) {
        if (logs.size() >= MAX_LOG_LINES) {
            dropped++;
            return;
        }
        String text = message.length() > MAX_LOG_CHARS ? message.substring(0, MAX_LOG_CHARS) + "…" : message;
        // Fields too large to keep would push every other line out of the stored log (256 KiB) and sit whole in
        // the heap until the run ends.
        logs.add(new LogLine(clock.instant(), level, text, TruncatedJson.capped(fields, MAX_FIELDS_CHARS)));
    }

    @HostAccess.Export
    public String namespaces() {
        List<Map<String, Object>> list = new ArrayList<>();
        for (RuleApiProvider p : providers.values()) {
            list.add(Map.of("name", p.namespace(), "topLevel", p.topLevel(),
                    "functions", List.copyOf(functions.get(p.namespace()).keySet())));
        }
        return write(list);
    }

    @HostAccess.Export
    public String call(String namespace, String function, String argumentsJson) {
        Map<String, RuleFunction> offered = functions.get(namespace);
        RuleFunction fn = offered == null ? null : offered.get(function);
        if (fn == null) {
            return failure(0, "UNKNOWN_FUNCTION", namespace + "." + function + " does not exist");
        }
        try {
            List<Object> arguments = JSON.readValue(argumentsJson, JSON.getTypeFactory()
                    .constructCollectionType(List.class, Object.class));
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("value", fn.call(current, arguments));
            return write(answer);
        } catch (RuleCallException e) {
            return failure(e.status(), e.code(), e.getMessage(), e.diagnosis());
        } catch (Exception | StackOverflowError | AssertionError | LinkageError e) {
            // Errors a plugin's own code raises (deep recursion, a failed assert, a class missing from its jar) are
            // its fault like an exception; out of memory is not caught: the heap guard and the run's end handle it.
            return failure(0, "PLUGIN_ERROR", namespace + "." + function + " failed: " + e);
        }
    }

    private static String failure(int status, String code, String message) {
        return failure(status, code, message, null);
    }

    private static String failure(int status, String code, String message, String diagnosis) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("status", status);
        error.put("code", code);
        error.put("message", message);
        if (diagnosis != null) {
            error.put("diagnosis", diagnosis);
        }
        return write(Map.of("error", error));
    }

    private static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("namespace answer is not JSON: " + e.getMessage(), e);
        }
    }
}
