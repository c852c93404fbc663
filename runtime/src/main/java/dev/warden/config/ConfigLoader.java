package dev.warden.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.warden.rules.Durations;

/**
 * Builds {@link WardenConfig} from defaults, then a {@code warden.yml} or {@code .properties} file, then
 * {@code WARDEN_*} environment variables (each setting's variable is listed in {@link Settings}).
 */
public final class ConfigLoader {

    private static final Logger LOG = LoggerFactory.getLogger(ConfigLoader.class);

    private final Map<String, String> environment;
    private final Consumer<String> warnings;

    public ConfigLoader(Map<String, String> environment) {
        this(environment, LOG::warn);
    }

    private ConfigLoader(Map<String, String> environment, Consumer<String> warnings) {
        this.environment = environment;
        this.warnings = warnings;
    }

    public static ConfigLoader fromSystem() {
        return new ConfigLoader(System.getenv());
    }

    /** The same loader without the warnings about unknown variables, for a second load of the same settings. */
    public ConfigLoader quiet() {
        return new ConfigLoader(environment, warning -> { });
    }

    /**
     * The same loader handing its warnings (unknown {@code WARDEN_*} variables) to {@code sink} instead of the log:
     * for commands that print rather than log, whose log shows errors only.
     */
    public ConfigLoader warningsTo(Consumer<String> sink) {
        return new ConfigLoader(environment, sink);
    }

    /**
     * @param file the config file, or null to look for {@code warden.yml}, {@code warden.yaml},
     *             {@code warden.properties} in the working folder (or the file named by {@code WARDEN_CONFIG})
     */
    public WardenConfig load(Path file) {
        Path chosen = file != null ? file : defaultFile();
        Map<String, String> values = new TreeMap<>();
        // Where each value came from, for messages: "WARDEN_PORT" or "warden.yml line 3".
        Map<String, String> sources = new TreeMap<>();
        Map<String, ConfigFile.Entry> fromFile = Map.of();
        if (chosen != null) {
            if (!Files.isRegularFile(chosen)) {
                throw new ConfigException("config file " + chosen + " does not exist");
            }
            fromFile = ConfigFile.read(chosen);
            for (Map.Entry<String, ConfigFile.Entry> entry : fromFile.entrySet()) {
                values.put(entry.getKey(), entry.getValue().value());
                sources.put(entry.getKey(), ConfigFile.where(chosen, entry.getValue()));
            }
        }
        Settings.KNOWN.forEach((key, variable) -> {
            String value = environment.get(variable);
            if (value != null && !value.isBlank()) {
                values.put(key, value);
                sources.put(key, variable);
            }
        });
        InstalledPlugins plugins = InstalledPlugins.read(Path.of(values.getOrDefault("paths.plugins", "plugins")),
                values.getOrDefault("plugins.enabled", ""));
        fromFile.forEach((key, entry) -> {
            String where = ConfigFile.where(chosen, entry);
            if (WebhookSettings.isSecret(key)) {
                throw new ConfigException(WebhookSettings.secretInFile(key) + " (" + where + ")");
            }
            if (!WebhookSettings.handles(key)) {
                PluginSections.check(key, where, plugins, Settings.KNOWN, Settings.SECRETS);
            }
        });
        UnknownVariables.of(environment, Settings.KNOWN, WebhookSettings.hookNames(values), plugins)
                .forEach(warnings);
        WebhookSettings.addSecrets(values, sources, environment);
        return new Settings(values, sources, environment).toConfig();
    }

    private Path defaultFile() {
        String named = environment.get("WARDEN_CONFIG");
        if (named != null && !named.isBlank()) {
            return Path.of(named);
        }
        for (String name : new String[] {"warden.yml", "warden.yaml", "warden.properties"}) {
            if (Files.isRegularFile(Path.of(name))) {
                return Path.of(name);
            }
        }
        return null;
    }

    /** Every setting and the environment variable that overrides it (README's tables list each; ReadmeSettingsTest). */
    static Map<String, String> settings() {
        return java.util.Collections.unmodifiableMap(Settings.KNOWN);
    }

    /** The typed view of the flat settings; every parse error names the setting and its origin. */
    private record Settings(Map<String, String> values, Map<String, String> sources, Map<String, String> environment) {

        /** Every setting and the environment variable that overrides it. */
        static final Map<String, String> KNOWN = new LinkedHashMap<>();
        static final java.util.Set<String> SECRETS = java.util.Set.of("database.password", "confluence.token",
                "compliance.key", "keys.adminKey");
        static {
            KNOWN.put("http.host", "WARDEN_HOST");
            KNOWN.put("http.port", "WARDEN_PORT");
            KNOWN.put("http.threads", "WARDEN_HTTP_THREADS");
            KNOWN.put("http.trustedProxies", "WARDEN_HTTP_TRUSTED_PROXIES");
            KNOWN.put("http.headerTimeout", "WARDEN_HTTP_HEADER_TIMEOUT");
            KNOWN.put("http.bodyTimeout", "WARDEN_HTTP_BODY_TIMEOUT");
            KNOWN.put("http.maxConnections", "WARDEN_HTTP_MAX_CONNECTIONS");
            KNOWN.put("paths.data", "WARDEN_DATA_DIR");
            KNOWN.put("paths.rules", "WARDEN_RULES_DIR");
            KNOWN.put("paths.plugins", "WARDEN_PLUGINS_DIR");
            KNOWN.put("paths.journal", "WARDEN_JOURNAL_DIR");
            KNOWN.put("database.url", "WARDEN_DB_URL");
            KNOWN.put("database.user", "WARDEN_DB_USER");
            KNOWN.put("database.password", "WARDEN_DB_PASSWORD");
            KNOWN.put("database.passwordFile", "WARDEN_DB_PASSWORD_FILE");
            KNOWN.put("engine.workers", "WARDEN_ENGINE_WORKERS");
            KNOWN.put("engine.timeout", "WARDEN_ENGINE_TIMEOUT");
            KNOWN.put("engine.maxTimeout", "WARDEN_ENGINE_MAX_TIMEOUT");
            KNOWN.put("engine.statementLimit", "WARDEN_ENGINE_STATEMENT_LIMIT");
            KNOWN.put("engine.heapGuardPercent", "WARDEN_ENGINE_HEAP_GUARD_PERCENT");
            KNOWN.put("engine.contextsPerWorker", "WARDEN_ENGINE_CONTEXTS_PER_WORKER");
            KNOWN.put("engine.queueCapacity", "WARDEN_ENGINE_QUEUE_CAPACITY");
            KNOWN.put("retention.maxAge", "WARDEN_RETENTION_MAX_AGE");
            KNOWN.put("retention.maxRuns", "WARDEN_RETENTION_MAX_RUNS");
            KNOWN.put("zone", "WARDEN_ZONE");
            KNOWN.put("adminKey.allowedRules", "WARDEN_ADMIN_KEY_ALLOWED_RULES");
            KNOWN.put("adminKey.maxMinutes", "WARDEN_ADMIN_KEY_MAX_MINUTES");
            KNOWN.put("adminKey.renewMargin", "WARDEN_ADMIN_KEY_RENEW_MARGIN");
            KNOWN.put("adminKey.linger", "WARDEN_ADMIN_KEY_LINGER");
            KNOWN.put("confluence.url", "WARDEN_CONFLUENCE_URL");
            KNOWN.put("confluence.email", "WARDEN_CONFLUENCE_EMAIL");
            KNOWN.put("confluence.token", "WARDEN_CONFLUENCE_TOKEN");
            KNOWN.put("confluence.tokenFile", "WARDEN_CONFLUENCE_TOKEN_FILE");
            KNOWN.put("confluence.tokenType", "WARDEN_CONFLUENCE_TOKEN_TYPE");
            KNOWN.put("confluence.gatewayUrl", "WARDEN_CONFLUENCE_GATEWAY_URL");
            KNOWN.put("confluence.cloudId", "WARDEN_CONFLUENCE_CLOUD_ID");
            KNOWN.put("compliance.url", "WARDEN_COMPLIANCE_URL");
            KNOWN.put("compliance.key", "WARDEN_COMPLIANCE_KEY");
            KNOWN.put("compliance.keyFile", "WARDEN_COMPLIANCE_KEY_FILE");
            KNOWN.put("plugins.enabled", "WARDEN_PLUGINS_ENABLED");
            KNOWN.put("outbound.connectTimeout", "WARDEN_OUTBOUND_CONNECT_TIMEOUT");
            KNOWN.put("outbound.requestTimeout", "WARDEN_OUTBOUND_REQUEST_TIMEOUT");
            KNOWN.put("outbound.proxy", "WARDEN_OUTBOUND_PROXY");
            KNOWN.put("outbound.maxAttempts", "WARDEN_OUTBOUND_MAX_ATTEMPTS");
            KNOWN.put("outbound.maxRetryTime", "WARDEN_OUTBOUND_MAX_RETRY_TIME");
            KNOWN.put("outbound.maxResponseBody", "WARDEN_OUTBOUND_MAX_RESPONSE_BODY");
            KNOWN.put("keys.adminKey", "WARDEN_ADMIN_KEY");
            KNOWN.put("keys.authFailuresPerMinute", "WARDEN_AUTH_FAILURES_PER_MINUTE");
            KNOWN.put("webhooks.maxBody", "WARDEN_WEBHOOKS_MAX_BODY");
            KNOWN.put("schedules.threads", "WARDEN_SCHEDULES_THREADS");
            KNOWN.put("schedules.misfireThreshold", "WARDEN_SCHEDULES_MISFIRE_THRESHOLD");
            KNOWN.put("schedules.clustered", "WARDEN_SCHEDULES_CLUSTERED");
            KNOWN.put("schedules.checkinInterval", "WARDEN_SCHEDULES_CHECKIN_INTERVAL");
        }

        WardenConfig toConfig() {
            Path data = path("paths.data", "data");
            // WRITE_DELAY=0: a committed lease state must survive kill -9, or the start-up sweep cannot see it.
            // PAGE_SIZE=65536: MVStore splits pages at 64 KiB instead of 4 KiB, so a page holds a dozen 5 KB runs
            // instead of one; with 4 KiB pages the run writer's inserts cost 11-24% more CPU (bench/run store).
            // CACHE_SIZE=4096: H2 keeps every page it writes in its page cache (64 MB by default), so under load
            // each run's 5 KB input lived past a young collection in that cache and was copied into the survivor
            // space and then the old generation; that copying set the length of G1's young pauses, and they set a
            // waiting webhook caller's p99. A 4 MB cache lets written pages die young (BENCHMARKS.md, Webhooks).
            String defaultUrl = "jdbc:h2:file:" + data.toAbsolutePath().resolve("warden")
                    + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0;PAGE_SIZE=65536;CACHE_SIZE=4096";
            Duration timeout = duration("engine.timeout", "30s");
            Duration maxTimeout = duration("engine.maxTimeout", "15m");
            if (timeout.compareTo(maxTimeout) > 0) {
                throw new ConfigException("engine.timeout (" + Durations.format(timeout) + ", " + from("engine.timeout")
                        + ") is longer than engine.maxTimeout (" + Durations.format(maxTimeout) + ", "
                        + from("engine.maxTimeout") + ")");
            }
            return new WardenConfig(
                    new HttpConfig(text("http.host", "127.0.0.1"), integer("http.port", 8080, 0, 65535),
                            integer("http.threads", HttpConfig.DEFAULT_THREADS, 8, 1024), trustedProxies(),
                            requestTimeout("http.headerTimeout", HttpConfig.DEFAULT_HEADER_TIMEOUT),
                            requestTimeout("http.bodyTimeout", HttpConfig.DEFAULT_BODY_TIMEOUT),
                            integer("http.maxConnections", HttpConfig.DEFAULT_MAX_CONNECTIONS, 1, 1_000_000)),
                    new PathsConfig(data, path("paths.rules", "rules"), path("paths.plugins", "plugins"),
                            path("paths.journal", data.toString())),
                    new DatabaseConfig(text("database.url", defaultUrl), text("database.user", ""), password()),
                    new EngineConfig(integer("engine.workers", Runtime.getRuntime().availableProcessors(), 1, 1024),
                            timeout, maxTimeout, (long) integer("engine.statementLimit", 0, 0, Integer.MAX_VALUE),
                            integer("engine.heapGuardPercent", 85, 10, 99),
                            integer("engine.contextsPerWorker", 64, 1, 100_000),
                            integer("engine.queueCapacity", 10_000, 1, 10_000_000)),
                    new RetentionConfig(retentionAge(),
                            integer("retention.maxRuns", 100_000, 1, Integer.MAX_VALUE)),
                    zone(), adminKey(), confluence(), outbound(), plugins(),
                    new KeysConfig(Secret.of(values.get("keys.adminKey")),
                            integer("keys.authFailuresPerMinute", 20, 1, 1_000_000)),
                    WebhookSettings.parse(values, this::from),
                    schedules());
        }

        private java.util.List<String> trustedProxies() {
            java.util.List<String> out = new java.util.ArrayList<>();
            for (String entry : text("http.trustedProxies", "").split(",")) {
                if (entry.isBlank()) {
                    continue;
                }
                try {
                    out.add(java.net.InetAddress.ofLiteral(entry.strip()).getHostAddress());
                } catch (IllegalArgumentException e) {
                    throw new ConfigException("http.trustedProxies (" + from("http.trustedProxies") + "): '"
                            + entry.strip() + "' is not an IP address; list the proxies' addresses, comma-separated");
                }
            }
            return java.util.List.copyOf(out);
        }

        /** Between 100ms and 10m: 0 would let a client hold its connection open, as before these settings. */
        private Duration requestTimeout(String key, Duration fallback) {
            Duration timeout = duration(key, Durations.format(fallback));
            if (timeout.compareTo(Duration.ofMillis(100)) < 0 || timeout.compareTo(Duration.ofMinutes(10)) > 0) {
                throw new ConfigException(key + " must be between 100ms and 10m, got " + Durations.format(timeout)
                        + " (" + from(key) + ")");
            }
            return timeout;
        }

        private AdminKeyConfig adminKey() {
            java.util.Set<String> allowed = new java.util.TreeSet<>();
            for (String id : text("adminKey.allowedRules", "").split(",")) {
                if (!id.isBlank()) {
                    allowed.add(id.trim());
                }
            }
            Duration linger = duration("adminKey.linger", "0s");
            if (linger.compareTo(Duration.ofSeconds(10)) > 0) {
                throw new ConfigException("adminKey.linger must be at most 10s (" + from("adminKey.linger") + ")");
            }
            return new AdminKeyConfig(allowed, integer("adminKey.maxMinutes", 60, 1, 60),
                    duration("adminKey.renewMargin", "60s"), linger);
        }

        private ConfluenceConfig confluence() {
            String type = text("confluence.tokenType", "classic").trim();
            if (!type.equals("classic") && !type.equals("scoped")) {
                throw new ConfigException("confluence.tokenType must be classic or scoped, got '" + type + "' ("
                        + from("confluence.tokenType") + ")");
            }
            String url = values.get("confluence.url");
            if (url != null && !url.matches("https?://[^\\s]+")) {
                throw new ConfigException("confluence.url must be an http(s) URL such as https://acme.atlassian.net, "
                        + "got '" + url + "' (" + from("confluence.url") + ")");
            }
            return new ConfluenceConfig(url == null ? null : url.replaceAll("/+$", ""),
                    text("confluence.email", ""), secret("confluence.token", "confluence.tokenFile"),
                    type.equals("scoped"), text("confluence.gatewayUrl", "https://api.atlassian.com")
                    .replaceAll("/+$", ""), values.get("confluence.cloudId"));
        }

        private OutboundConfig outbound() {
            String proxy = values.get("outbound.proxy");
            if (proxy != null && !proxy.matches("[^:\\s]+:\\d+")) {
                throw new ConfigException("outbound.proxy must be host:port, got '" + proxy + "' ("
                        + from("outbound.proxy") + ")");
            }
            Duration connect = duration("outbound.connectTimeout", "10s");
            Duration request = duration("outbound.requestTimeout",
                    Durations.format(OutboundConfig.DEFAULT_REQUEST_TIMEOUT));
            if (connect.isZero() || request.isZero()) {
                throw new ConfigException("outbound.connectTimeout and outbound.requestTimeout must be above 0 ("
                        + from(connect.isZero() ? "outbound.connectTimeout" : "outbound.requestTimeout") + ")");
            }
            return new OutboundConfig(connect, request, proxy, integer("outbound.maxAttempts", 4, 1, 20), duration("outbound.maxRetryTime", "60s"),
                    Sizes.parse(values.get("outbound.maxResponseBody"), OutboundConfig.DEFAULT_MAX_RESPONSE_BYTES,
                            "outbound.maxResponseBody", 1024, OutboundConfig.MAX_RESPONSE_LIMIT, this::from));
        }

        private PluginsConfig plugins() {
            java.util.List<String> enabled = java.util.Arrays.stream(text("plugins.enabled", "").split(","))
                    .map(String::trim).filter(s -> !s.isEmpty()).toList();
            Map<String, String> sections = new TreeMap<>();
            values.forEach((key, value) -> {
                if ((PluginSections.isPluginSetting(key, KNOWN) || key.startsWith("compliance."))
                        && !SECRETS.contains(key)) {
                    sections.put(key, value);
                }
            });
            Map<String, String> variables = new TreeMap<>();
            environment.forEach((name, value) -> {
                // Plugins never need the host's own secrets (the database password, the Confluence token).
                if (name.startsWith("WARDEN_") && !name.startsWith("WARDEN_DB_PASSWORD")
                        && !name.startsWith("WARDEN_CONFLUENCE_TOKEN")) {
                    variables.put(name, value);
                }
            });
            return new PluginsConfig(enabled, sections, variables);
        }

        private Secret secret(String key, String fileKey) {
            String direct = values.get(key);
            if (direct != null) {
                return Secret.of(direct);
            }
            String file = values.get(fileKey);
            if (file == null) {
                return Secret.empty();
            }
            try {
                return Secret.of(Files.readString(Path.of(file)).strip());
            } catch (IOException e) {
                throw new ConfigException(fileKey + " " + file + " cannot be read: " + e.getMessage() + " ("
                        + from(fileKey) + ")");
            }
        }

        private SchedulesConfig schedules() {
            Duration misfireThreshold = duration("schedules.misfireThreshold", "60s");
            Duration checkinInterval = duration("schedules.checkinInterval", "5s");
            if (misfireThreshold.isZero() || checkinInterval.isZero()) {
                String zero = misfireThreshold.isZero() ? "schedules.misfireThreshold" : "schedules.checkinInterval";
                throw new ConfigException(zero + " must be above 0 (" + from(zero) + ")");
            }
            String clustered = text("schedules.clustered", "auto").trim().toLowerCase(java.util.Locale.ROOT);
            if (!clustered.equals("auto") && !clustered.equals("true") && !clustered.equals("false")) {
                throw new ConfigException("schedules.clustered must be auto, true or false, got '" + clustered + "' ("
                        + from("schedules.clustered") + ")");
            }
            return new SchedulesConfig(integer("schedules.threads", 4, 1, 100), misfireThreshold,
                    clustered.equals("auto") ? null : Boolean.valueOf(clustered), checkinInterval);
        }

        private Secret password() {
            String direct = values.get("database.password");
            if (direct != null) {
                return Secret.of(direct);
            }
            String file = values.get("database.passwordFile");
            if (file == null) {
                return Secret.empty();
            }
            try {
                return Secret.of(Files.readString(Path.of(file)).strip());
            } catch (IOException e) {
                throw new ConfigException("database.passwordFile " + file + " cannot be read: " + e.getMessage()
                        + " (" + from("database.passwordFile") + ")");
            }
        }

        private String text(String key, String fallback) {
            return values.getOrDefault(key, fallback);
        }

        private Path path(String key, String fallback) {
            return Path.of(text(key, fallback));
        }

        private int integer(String key, int fallback, int min, int max) {
            String raw = values.get(key);
            if (raw == null) {
                return fallback;
            }
            try {
                int value = Integer.parseInt(raw.trim());
                if (value < min || value > max) {
                    throw new ConfigException(key + " must be between " + min + " and " + max + ", got " + value
                            + " (" + from(key) + ")");
                }
                return value;
            } catch (NumberFormatException e) {
                throw new ConfigException(key + " must be a whole number, got '" + raw + "' (" + from(key) + ")");
            }
        }

        /** At least an hour: a zero or tiny age deleted every finished run, at start and hourly. */
        private Duration retentionAge() {
            Duration age = duration("retention.maxAge", "30d");
            if (age.compareTo(Duration.ofHours(1)) < 0) {
                throw new ConfigException("retention.maxAge must be at least 1h, got " + Durations.format(age) + " ("
                        + from("retention.maxAge") + "); to keep fewer runs, lower retention.maxRuns");
            }
            return age;
        }

        private Duration duration(String key, String fallback) {
            try {
                return Durations.parse(text(key, fallback));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(key + ": " + e.getMessage() + " (" + from(key) + ")");
            }
        }

        private ZoneId zone() {
            String raw = values.get("zone");
            try {
                return raw == null ? ZoneId.systemDefault() : ZoneId.of(raw);
            } catch (RuntimeException e) {
                throw new ConfigException("zone '" + raw + "' is not an IANA time zone such as Europe/Berlin ("
                        + from("zone") + ")");
            }
        }

        /** Where the value of {@code key} came from: its variable, the file and line, or the default. */
        private String from(String key) {
            String source = sources.get(key);
            if (source == null) {
                return "the default";
            }
            return source.startsWith("WARDEN_") ? "set by " + source : "set in " + source;
        }
    }
}
