package dev.warden.compliance;

import dev.warden.plugin.PluginContext;
import dev.warden.plugin.WardenPlugin;

/** Compliance for Confluence (AppFox): classification and detections through one API key. */
public class CompliancePlugin extends WardenPlugin {

    public CompliancePlugin(PluginContext context) {
        super(context);
    }

    /** Fails (the plugin is FAILED, naming the setting) when {@code compliance.url} is not an http(s) URL. */
    @Override
    public void start() {
        ComplianceUrl.of(context().settings());
        if (context().secret("key").isEmpty()) {
            context().logger().warn("no Compliance API key is configured (WARDEN_COMPLIANCE_KEY or "
                    + "compliance.keyFile): compliance calls will fail until one is");
        }
    }
}
