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
    private final String complianceFailure;
    private final boolean tryAdminKey;

    /**
     * @param complianceFailure why the compliance plugin failed to start (e.g. an invalid compliance.url), or null
     */
    PluginChecks(List<AdminKeyProvider> adminKeys, List<ComplianceClient> compliance, String complianceFailure,
                 boolean tryAdminKey) {
        this.adminKeys = adminKeys;
        this.compliance = compliance;
        this.complianceFailure = complianceFailure;
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

    /**
     * The key is valid only when the API answered positively: the levels listed, or a 403 naming a scope the key
     * lacks (the API checks the scopes only of a key it accepted). The levels endpoint names no page, so a 404 there
     * means {@code compliance.url} is not the API. A scope is granted only by an answer, never by a 404 for the
     * sample page.
     */
    List<Verdict> compliance(String samplePageId) {
        List<Verdict> verdicts = new ArrayList<>();
        if (compliance.isEmpty() && complianceFailure != null) {
            verdicts.add(new Verdict(Status.FAIL, "compliance API", "the compliance plugin failed to start: "
                    + complianceFailure, "Fix what it names and restart Warden; `warden plugins` shows every "
                    + "plugin's state."));
            return verdicts;
        }
        if (compliance.isEmpty()) {
            verdicts.add(Verdict.skip("compliance key", "the compliance plugin is not started (warden plugins "
                    + "shows why)"));
            return verdicts;
        }
        ComplianceClient client = compliance.getFirst();
        Verdict manage;
        try {
            client.levels();
            manage = Verdict.ok("scope classification::manage", "granted");
            verdicts.add(Verdict.ok("compliance key", "valid (the Compliance API listed the levels with it)"));
        } catch (RuleCallException e) {
            if (!isScope(e)) {
                String check = e.status() == 401 ? "compliance key" : "compliance API";
                verdicts.add(new Verdict(Status.FAIL, check, e.code() + ": " + e.getMessage(), e.diagnosis()));
                return verdicts;
            }
            manage = new Verdict(Status.WARN, "scope classification::manage", "not granted", e.diagnosis());
            verdicts.add(Verdict.ok("compliance key", "valid (the Compliance API named a scope it lacks)"));
        }
        verdicts.add(probe("classification::read", samplePageId, () -> client.classification(samplePageId)));
        verdicts.add(manage);
        verdicts.add(probe("detection::read", samplePageId, () -> client.detections(samplePageId)));
        return verdicts;
    }

    private static boolean isScope(RuleCallException e) {
        return e.status() == 403 && e.code().equals("COMPLIANCE_SCOPE");
    }

    private static Verdict probe(String scope, String samplePageId, Runnable call) {
        String check = "scope " + scope;
        try {
            call.run();
            return Verdict.ok(check, "granted");
        } catch (RuleCallException e) {
            if (isScope(e)) {
                return new Verdict(Status.WARN, check, "not granted", e.diagnosis());
            }
            if (e.status() == 403 && e.code().equals("COMPLIANCE_LIMIT")) {
                return Verdict.ok(check, "granted (the key's limits exclude the sample page " + samplePageId + ")");
            }
            if (e.status() == 404 && e.code().equals("NOT_FOUND")) {
                return new Verdict(Status.WARN, check, "not confirmed: the Compliance API does not know the sample "
                        + "page " + samplePageId + " or the key's user cannot see it", "warden doctor probes with "
                        + "the first page the Confluence account can see (0 when it can see none); a Compliance "
                        + "key sees only what the user who created it can see in Confluence. Create the key as "
                        + "that account, or fix the Confluence credentials first.");
            }
            return new Verdict(Status.FAIL, check, e.code() + ": " + e.getMessage(), e.diagnosis());
        }
    }
}
