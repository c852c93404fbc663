package dev.warden.engine;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What Warden keeps of a JSON text too large to keep whole (a run's result, a log line's fields): a valid JSON
 * stand-in, {@code {"truncated": true, "chars": <length>, "preview": <its first KiB>}}.
 */
public final class TruncatedJson {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int PREVIEW_CHARS = 1024;

    private TruncatedJson() {
    }

    /** {@code json} itself when it is at most {@code maxChars} long (or null), else its stand-in. */
    public static String capped(String json, int maxChars) {
        if (json == null || json.length() <= maxChars) {
            return json;
        }
        Map<String, Object> standIn = new LinkedHashMap<>();
        standIn.put("truncated", true);
        standIn.put("chars", json.length());
        standIn.put("preview", json.substring(0, PREVIEW_CHARS));
        try {
            return JSON.writeValueAsString(standIn);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
