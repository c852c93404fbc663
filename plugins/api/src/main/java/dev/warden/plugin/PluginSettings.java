package dev.warden.plugin;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/** A plugin's configuration section as flat {@code a.b.c} keys relative to the section. Immutable. */
public interface PluginSettings {

    /** The value of {@code key}, from the environment or the config file. */
    Optional<String> get(String key);

    /** The keys present in the config file, relative to this section, sorted. */
    Set<String> keys();

    /** The settings under {@code prefix.}, e.g. {@code section("channels.ops")}. */
    PluginSettings section(String prefix);

    default String get(String key, String fallback) {
        return get(key).orElse(fallback);
    }

    /** The names directly under this section: {@code channels.ops.type} gives {@code ops} in {@code section("channels")}. */
    default Set<String> children() {
        Set<String> names = new java.util.TreeSet<>();
        keys().forEach(key -> names.add(key.contains(".") ? key.substring(0, key.indexOf('.')) : key));
        return names;
    }

    /** A duration written like {@code 30s}, {@code 500ms}, {@code 5m}; falls back when unset. */
    default Duration duration(String key, Duration fallback) {
        Optional<String> raw = get(key);
        if (raw.isEmpty()) {
            return fallback;
        }
        String text = raw.get().trim();
        try {
            if (text.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2)));
            }
            long amount = Long.parseLong(text.substring(0, text.length() - 1));
            return switch (text.charAt(text.length() - 1)) {
                case 's' -> Duration.ofSeconds(amount);
                case 'm' -> Duration.ofMinutes(amount);
                case 'h' -> Duration.ofHours(amount);
                default -> throw new IllegalArgumentException();
            };
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(key + " must be a duration such as 500ms, 30s or 5m, got '" + text + "'");
        }
    }
}
