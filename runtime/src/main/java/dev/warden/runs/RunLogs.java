package dev.warden.runs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.warden.engine.LogLine;

/** Writes a run's log lines as JSON for the store, keeping the total under a cap. */
final class RunLogs {

    private static final int MAX_CHARS = 256 * 1024;

    private RunLogs() {
    }

    static String json(List<LogLine> lines) {
        List<Map<String, Object>> out = new ArrayList<>();
        int total = 0;
        for (LogLine line : lines) {
            total += line.message().length() + (line.fields() == null ? 0 : line.fields().length()) + 64;
            if (total > MAX_CHARS) {
                out.add(Map.of("time", line.time().toString(), "level", "WARN",
                        "message", "log output beyond " + MAX_CHARS / 1024 + " KiB was dropped"));
                break;
            }
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("time", line.time().toString());
            entry.put("level", line.level());
            entry.put("message", line.message());
            if (line.fields() != null) {
                entry.put("fields", RunInput.parse(line.fields()));
            }
            out.add(entry);
        }
        return RunService.json(out);
    }
}
