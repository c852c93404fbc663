package dev.warden.config;

import java.util.Map;

/**
 * The webhooks: the default body limit, and the hooks configured with their own auth or limit. A hook that is not
 * configured takes an API key and the default limit.
 */
public record WebhooksConfig(long maxBodyBytes, Map<String, HookConfig> hooks) {

    public static final long DEFAULT_MAX_BODY = 1024 * 1024;

    public HookConfig hook(String name) {
        HookConfig configured = hooks.get(name);
        return configured != null ? configured
                : new HookConfig(name, HookConfig.Auth.KEY, Secret.empty(), maxBodyBytes);
    }
}
