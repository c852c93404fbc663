package dev.warden.plugin;

import java.util.Map;

/**
 * One message for one channel.
 *
 * @param channel the configured channel's name
 * @param text the message in plain text
 * @param options per-type extras, e.g. {@code subject} and {@code to} for email, {@code blocks} for Slack,
 *                {@code data} for a webhook
 * @param log where retries are noted: the calling run's log, or {@link RunLog#NONE}
 */
public record Notification(String channel, String text, Map<String, Object> options, RunLog log) {

    public Notification {
        options = options == null ? Map.of()
                : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(options));
        log = log == null ? RunLog.NONE : log;
    }
}
