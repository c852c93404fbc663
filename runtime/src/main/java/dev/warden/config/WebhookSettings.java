package dev.warden.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Reads the per-hook settings {@code webhooks.<name>.auth|maxBody|secretFile} and each hook's secret from
 * {@code WARDEN_WEBHOOK_<NAME>_SECRET} (the name upper-cased, other characters as '_').
 */
final class WebhookSettings {

    private static final Set<String> FIELDS = Set.of("auth", "maxBody", "secretFile", "secret");
    static final long MAX_BODY_LIMIT = 10L * 1024 * 1024;

    private WebhookSettings() {
    }

    /** Whether a flat key is a per-hook setting this class reads. */
    static boolean handles(String key) {
        return key.startsWith("webhooks.") && key.lastIndexOf('.') > "webhooks.".length() - 1
                && FIELDS.contains(key.substring(key.lastIndexOf('.') + 1));
    }

    /** A per-hook secret, which may come only from the environment or a file. */
    static boolean isSecret(String key) {
        return handles(key) && key.endsWith(".secret");
    }

    /** The message for a secret found in the config file. */
    static String secretInFile(String key) {
        String hook = key.substring("webhooks.".length(), key.lastIndexOf('.'));
        return "'" + key + "' is a secret and may not be written in the config file; set " + secretVariable(hook)
                + " or 'webhooks." + hook + ".secretFile' instead";
    }

    static String secretVariable(String hook) {
        return "WARDEN_WEBHOOK_" + hook.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_") + "_SECRET";
    }

    /** Adds {@code webhooks.<name>.secret} for each configured hook whose secret variable is set. */
    static void addSecrets(Map<String, String> values, Map<String, String> sources, Map<String, String> environment) {
        for (String hook : hookNames(values)) {
            String secret = environment.get(secretVariable(hook));
            if (secret != null && !secret.isBlank()) {
                values.put("webhooks." + hook + ".secret", secret);
                sources.put("webhooks." + hook + ".secret", secretVariable(hook));
            }
        }
    }

    static WebhooksConfig parse(Map<String, String> values, Function<String, String> from) {
        long defaultMax = size(values.get("webhooks.maxBody"), WebhooksConfig.DEFAULT_MAX_BODY, "webhooks.maxBody",
                from);
        Map<String, HookConfig> hooks = new LinkedHashMap<>();
        for (String hook : hookNames(values)) {
            String prefix = "webhooks." + hook + ".";
            HookConfig.Auth auth;
            try {
                auth = HookConfig.Auth.parse(values.getOrDefault(prefix + "auth", "key"));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(prefix + "auth: " + e.getMessage() + " (" + from.apply(prefix + "auth") + ")");
            }
            Secret secret = secret(values, prefix, from);
            // A missing secret stops the server (WebhooksConfig.requireSecrets), not every command that reads config.
            hooks.put(hook, new HookConfig(hook, auth, secret, size(values.get(prefix + "maxBody"), defaultMax,
                    prefix + "maxBody", from)));
        }
        return new WebhooksConfig(defaultMax, Map.copyOf(hooks));
    }

    static Set<String> hookNames(Map<String, String> values) {
        Set<String> names = new TreeSet<>();
        for (String key : values.keySet()) {
            if (handles(key)) {
                names.add(key.substring("webhooks.".length(), key.lastIndexOf('.')));
            }
        }
        return names;
    }

    private static Secret secret(Map<String, String> values, String prefix, Function<String, String> from) {
        String direct = values.get(prefix + "secret");
        if (direct != null) {
            return Secret.of(direct);
        }
        String file = values.get(prefix + "secretFile");
        if (file == null) {
            return Secret.empty();
        }
        try {
            return Secret.of(Files.readString(Path.of(file)).strip());
        } catch (IOException e) {
            throw new ConfigException(prefix + "secretFile " + file + " cannot be read: " + e.getMessage() + " ("
                    + from.apply(prefix + "secretFile") + ")");
        }
    }

    private static long size(String raw, long fallback, String key, Function<String, String> from) {
        return Sizes.parse(raw, fallback, key, 1, MAX_BODY_LIMIT, from);
    }
}
