package dev.warden.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import dev.warden.rules.Durations;

/**
 * Builds {@link WardenConfig} from defaults, then a {@code warden.yml} or {@code .properties} file, then
 * {@code WARDEN_*} environment variables (each setting's variable is listed in {@link Settings}).
 */
public final class ConfigLoader {

    private final Map<String, String> environment;

    public ConfigLoader(Map<String, String> environment) {
        this.environment = environment;
    }

    public static ConfigLoader fromSystem() {
        return new ConfigLoader(System.getenv());
    }

    /**
     * @param file the config file, or null to look for {@code warden.yml}, {@code warden.yaml},
     *             {@code warden.properties} in the working folder (or the file named by {@code WARDEN_CONFIG})
     */
    public WardenConfig load(Path file) {
        Path chosen = file != null ? file : defaultFile();
        Map<String, String> values = new TreeMap<>();
        String origin = "defaults";
        if (chosen != null) {
            if (!Files.isRegularFile(chosen)) {
                throw new ConfigException("config file " + chosen + " does not exist");
            }
            values.putAll(readFile(chosen));
            origin = chosen.toString();
            for (String key : values.keySet()) {
                if (!Settings.KNOWN.containsKey(key)) {
                    throw new ConfigException("unknown setting '" + key + "' in " + chosen + "; known settings: "
                            + String.join(", ", Settings.KNOWN.keySet()));
                }
                if (Settings.SECRETS.contains(key)) {
                    throw new ConfigException("'" + key + "' is a secret and may not be written in " + chosen
                            + "; set " + Settings.KNOWN.get(key) + " or '" + key + "File' instead");
                }
            }
        }
        Settings.KNOWN.forEach((key, variable) -> {
            String value = environment.get(variable);
            if (value != null && !value.isBlank()) {
                values.put(key, value);
            }
        });
        return new Settings(values, origin).toConfig();
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

    private static Map<String, String> readFile(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            if (file.toString().endsWith(".properties")) {
                Properties properties = new Properties();
                properties.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
                Map<String, String> flat = new LinkedHashMap<>();
                properties.forEach((k, v) -> flat.put(k.toString(), v.toString()));
                return flat;
            }
            JsonNode tree = new ObjectMapper(new YAMLFactory()).readTree(in);
            Map<String, String> flat = new LinkedHashMap<>();
            if (tree != null) {
                flatten("", tree, flat);
            }
            return flat;
        } catch (IOException e) {
            throw new ConfigException("cannot read config file " + file + ": " + e.getMessage());
        }
    }

    private static void flatten(String prefix, JsonNode node, Map<String, String> out) {
        if (node.isObject()) {
            node.properties().forEach(e -> flatten(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(),
                    e.getValue(), out));
        } else if (node.isArray()) {
            StringBuilder joined = new StringBuilder();
            node.forEach(item -> joined.append(joined.isEmpty() ? "" : ",").append(item.asText()));
            out.put(prefix, joined.toString());
        } else if (!node.isNull()) {
            out.put(prefix, node.asText());
        }
    }

    /** The typed view of the flat settings; every parse error names the setting and its origin. */
    private record Settings(Map<String, String> values, String origin) {

        /** Every setting and the environment variable that overrides it. */
        static final Map<String, String> KNOWN = new LinkedHashMap<>();
        static final java.util.Set<String> SECRETS = java.util.Set.of("database.password");

        static {
            KNOWN.put("http.host", "WARDEN_HOST");
            KNOWN.put("http.port", "WARDEN_PORT");
            KNOWN.put("paths.data", "WARDEN_DATA_DIR");
            KNOWN.put("paths.rules", "WARDEN_RULES_DIR");
            KNOWN.put("paths.plugins", "WARDEN_PLUGINS_DIR");
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
            KNOWN.put("schedules.threads", "WARDEN_SCHEDULES_THREADS");
            KNOWN.put("schedules.misfireThreshold", "WARDEN_SCHEDULES_MISFIRE_THRESHOLD");
            KNOWN.put("schedules.clustered", "WARDEN_SCHEDULES_CLUSTERED");
            KNOWN.put("schedules.checkinInterval", "WARDEN_SCHEDULES_CHECKIN_INTERVAL");
        }

        WardenConfig toConfig() {
            Path data = path("paths.data", "data");
            String defaultUrl = "jdbc:h2:file:" + data.toAbsolutePath().resolve("warden") + ";DB_CLOSE_ON_EXIT=FALSE";
            Duration timeout = duration("engine.timeout", "30s");
            Duration maxTimeout = duration("engine.maxTimeout", "15m");
            if (timeout.compareTo(maxTimeout) > 0) {
                throw new ConfigException("engine.timeout (" + Durations.format(timeout)
                        + ") is longer than engine.maxTimeout (" + Durations.format(maxTimeout) + ")");
            }
            return new WardenConfig(
                    new HttpConfig(text("http.host", "127.0.0.1"), integer("http.port", 8080, 0, 65535)),
                    new PathsConfig(data, path("paths.rules", "rules"), path("paths.plugins", "plugins")),
                    new DatabaseConfig(text("database.url", defaultUrl), text("database.user", ""), password()),
                    new EngineConfig(integer("engine.workers", Runtime.getRuntime().availableProcessors(), 1, 1024),
                            timeout, maxTimeout, (long) integer("engine.statementLimit", 0, 0, Integer.MAX_VALUE),
                            integer("engine.heapGuardPercent", 85, 10, 99),
                            integer("engine.contextsPerWorker", 64, 1, 100_000),
                            integer("engine.queueCapacity", 10_000, 1, 10_000_000)),
                    new RetentionConfig(duration("retention.maxAge", "30d"),
                            integer("retention.maxRuns", 100_000, 1, Integer.MAX_VALUE)),
                    zone(), schedules());
        }

        private SchedulesConfig schedules() {
            Duration misfireThreshold = duration("schedules.misfireThreshold", "60s");
            Duration checkinInterval = duration("schedules.checkinInterval", "5s");
            if (misfireThreshold.isZero() || checkinInterval.isZero()) {
                throw new ConfigException("schedules.misfireThreshold and schedules.checkinInterval must be above 0 ("
                        + from("schedules.misfireThreshold") + ")");
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
                throw new ConfigException("database.passwordFile " + file + " cannot be read: " + e.getMessage());
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

        private String from(String key) {
            return "set by " + KNOWN.get(key) + " or " + origin;
        }
    }
}
