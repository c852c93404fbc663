package dev.warden.adminkey;

import java.util.LinkedHashMap;
import java.util.Map;

import org.pf4j.Extension;

import dev.warden.plugin.AdminKeyStatus;
import dev.warden.plugin.PluginContext;
import dev.warden.plugin.RuleApiProvider;
import dev.warden.plugin.RuleFunction;

/**
 * {@code plugins.adminKey.status()} for rules: read-only on purpose, since enabling the key is the lease manager's
 * decision, declared by a rule's {@code adminKey} field and never taken by the rule's code.
 */
@Extension
public class AdminKeyRuleApi implements RuleApiProvider {

    private final ConfluenceAdminKeyProvider provider;

    public AdminKeyRuleApi(PluginContext context) {
        this.provider = new ConfluenceAdminKeyProvider(context);
    }

    @Override
    public String namespace() {
        return "adminKey";
    }

    @Override
    public Map<String, RuleFunction> functions() {
        return Map.of("status", (call, arguments) -> json(provider.status()));
    }

    private static Map<String, Object> json(AdminKeyStatus status) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("active", status.active());
        out.put("accountId", status.accountId());
        out.put("expiresAt", status.expiresAt() == null ? null : status.expiresAt().toString());
        return out;
    }
}
