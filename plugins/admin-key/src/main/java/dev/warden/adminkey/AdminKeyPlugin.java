package dev.warden.adminkey;

import dev.warden.plugin.PluginContext;
import dev.warden.plugin.WardenPlugin;

/** Confluence's admin key for the site and account Warden is configured for. */
public class AdminKeyPlugin extends WardenPlugin {

    public AdminKeyPlugin(PluginContext context) {
        super(context);
    }

    @Override
    public void start() {
        if (context().confluence().isEmpty()) {
            context().logger().warn("no Confluence site is configured (confluence.url): admin-key calls will fail "
                    + "until one is");
        }
    }
}
