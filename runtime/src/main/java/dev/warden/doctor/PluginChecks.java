package dev.warden.doctor;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.warden.doctor.Verdict.Status;
import dev.warden.plugin.AdminKeyProvider;
import dev.warden.plugin.AdminKeyStatus;
import dev.warden.plugin.ComplianceClient;
import dev.warden.plugin.RuleCallException;

/** Admin key availability and the Compliance key's validity and scopes, through the shipped plugins. */
final class PluginChecks {

    private final List<AdminKeyProvider> adminKeys;
    private final List<ComplianceClient> compliance;
    private final boolean tryAdminKey;

    PluginChecks(List<AdminKeyProvider> adminKeys, List<ComplianceClient> compliance, boolean tryAdminKey) {
        this.adminKeys = adminKeys;
        this.compliance = compliance;
        this.tryAdminKey = tryAdminKey;
    }

    Verdict adminKey() {
        String check = "admin key";
        if (adminKeys.isEmpty()) {
            return Verdict.skip(check, "the admin-key plugin is not started (warden plugins shows why)");
        }
        AdminKeyProvider provider = adminKeys.getFirst();
        try {
            AdminKeyStatus status = provider.status();
            if (status.active()) {
                return Verdict.ok(check, "an admin key is active until " + status.expiresAt());
            }
            if (!tryAdminKey) {
                return new Verdict(Status.WARN, check, "no admin key is active; Confluence cannot tell whether one "
                        + "could be enabled without enabling one", "run `warden doctor --try-admin-key` to enable "
                        + "one for a minute and disable it again (both are recorded in the site's audit log)");
            }
            AdminKeyStatus enabled = provider.enable(Duration.ofMinutes(1));
            provider.disable();
            return Verdict.ok(check, "available: enabled until " + enabled.expiresAt() + " and disabled again");
        } catch (RuleCallException e) {
            return new Verdict(Status.FAIL, check, e.code() + ": " + e.getMessage(), e.diagnosis());
        }
    }

    List<Verdict> compliance(String samplePageId) {
        List<Verdict> verdicts = new ArrayList<>();
        if (compliance.isEmpty()) {
            verdicts.add(Verdict.skip("compliance key", "the compliance plugin is not started (warden plugins "
                    + "shows why)"));
            return verdicts;
        }
        ComplianceClient client = compliance.getFirst();
        Verdict read = probe("classification::read", () -> client.classification(samplePageId));
        if (read.status() == Status.FAIL) {
            verdicts.add(new Verdict(Status.FAIL, "compliance key", read.detail(), read.diagnosis()));
            return verdicts;
        }
        verdicts.add(Verdict.ok("compliance key", "valid (the Compliance API accepted it)"));
        verdicts.add(read);
        verdicts.add(probe("classification::manage", client::levels));
        verdicts.add(probe("detection::read", () -> client.detections(samplePageId)));
        return verdicts;
    }

    private static Verdict probe(String scope, Runnable call) {
        String check = "scope " + scope;
        try {
            call.run();
            return Verdict.ok(check, "granted");
        } catch (RuleCallException e) {
            if (e.status() == 403 && e.code().equals("COMPLIANCE_SCOPE")) {
                return new Verdict(Status.WARN, check, "not granted", e.diagnosis());
            }
            if (e.status() == 404 || e.status() == 403) {
                return new Verdict(Status.OK, check, "granted (the sample page answered " + e.status() + ")", null);
            }
            return new Verdict(Status.FAIL, check, e.code() + ": " + e.getMessage(), e.diagnosis());
        }
    }
}
