package dev.warden.config;

import java.util.Map;

/**
 * The webhooks: the default body limit, and the hooks configured with their own auth or limit. A hook that is not
 * configured takes an API key and the default limit.
 */
public record WebhooksConfig(long maxBodyBytes, Map<String, HookConfig> hooks) {

    public static final long DEFAULT_MAX_BODY = 1024 * 1024;

    /** The largest body any route takes: the API's 1 MiB or a webhook's larger limit. */
    public long largestBody() {
        return Math.max(Math.max(DEFAULT_MAX_BODY, maxBodyBytes),
                hooks.values().stream().mapToLong(HookConfig::maxBodyBytes).max().orElse(0));
    }

    /**
     * Checks what only serving webhooks needs: every hook whose auth takes a signature has its secret. Commands that
     * serve nothing (check, run, keys --offline...) work without the secrets.
     *
     * @throws ConfigException naming the first hook without one and how to give it
     */
    public void requireSecrets() {
        for (HookConfig hook : hooks.values()) {
            if (hook.auth().needsSecret() && hook.secret().isEmpty()) {
                throw new ConfigException("webhook '" + hook.name() + "' uses auth " + hook.auth().id() + " but has no "
                        + "secret: set " + WebhookSettings.secretVariable(hook.name()) + " or webhooks." + hook.name()
                        + ".secretFile");
            }
        }
    }

    public HookConfig hook(String name) {
        HookConfig configured = hooks.get(name);
        return configured != null ? configured
                : new HookConfig(name, HookConfig.Auth.KEY, Secret.empty(), maxBodyBytes);
    }
}
