package dev.warden.config;

import java.time.ZoneId;

/** All of Warden's settings, grouped by concern. Build it with {@link ConfigLoader}. Immutable. */
public record WardenConfig(HttpConfig http, PathsConfig paths, DatabaseConfig database, EngineConfig engine,
                           RetentionConfig retention, ZoneId zone,
                           AdminKeyConfig adminKey, ConfluenceConfig confluence, OutboundConfig outbound,
                           PluginsConfig plugins, KeysConfig keys, WebhooksConfig webhooks,
                           SchedulesConfig schedules) {
}
