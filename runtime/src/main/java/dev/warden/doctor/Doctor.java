package dev.warden.doctor;

import java.util.ArrayList;
import java.util.List;

import dev.warden.Integrations;
import dev.warden.plugin.AdminKeyProvider;
import dev.warden.plugin.ComplianceClient;
import dev.warden.plugin.RuleCallException;
import dev.warden.plugins.PluginInfo;

/**
 * The checks of {@code warden doctor} against the configured site: credentials, product access, admin rights,
 * admin key availability, Compliance key validity and scopes. Read-only unless asked to try the admin key.
 */
public final class Doctor {

    private final Integrations integrations;
    private final boolean tryAdminKey;

    public Doctor(Integrations integrations, boolean tryAdminKey) {
        this.integrations = integrations;
        this.tryAdminKey = tryAdminKey;
    }

    public List<Verdict> run() {
        List<Verdict> verdicts = new ArrayList<>(new ConfluenceChecks(integrations.confluence()).run());
        boolean reachable = verdicts.stream().anyMatch(v -> v.check().equals("credentials")
                && v.status() == Verdict.Status.OK);
        String complianceFailure = integrations.plugins().plugins().stream()
                .filter(p -> p.id().equals("compliance") && p.state().equals("FAILED"))
                .map(PluginInfo::error).findFirst().orElse(null);
        PluginChecks plugins = new PluginChecks(integrations.plugins().extensions(AdminKeyProvider.class),
                integrations.plugins().extensions(ComplianceClient.class), complianceFailure, tryAdminKey);
        verdicts.add(reachable ? plugins.adminKey() : Verdict.skip("admin key", "needs working credentials"));
        verdicts.addAll(plugins.compliance(samplePage(reachable)));
        return verdicts;
    }

    /** A page the account can see, for Compliance probes; any id serves when none can be found. */
    private String samplePage(boolean reachable) {
        if (!reachable) {
            return "0";
        }
        try {
            return integrations.confluence().call(null, "GET", "/wiki/api/v2/pages?limit=1", null)
                    .path("results").path(0).path("id").asText("0");
        } catch (RuleCallException e) {
            return "0";
        }
    }
}
