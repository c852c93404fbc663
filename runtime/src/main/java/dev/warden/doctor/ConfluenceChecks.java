package dev.warden.doctor;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import dev.warden.confluence.ConfluenceClient;
import dev.warden.doctor.Verdict.Status;
import dev.warden.plugin.RuleCallException;

/** Credentials, product access and admin rights, each read from a call whose answer tells them apart best. */
final class ConfluenceChecks {

    private final ConfluenceClient client;

    ConfluenceChecks(ConfluenceClient client) {
        this.client = client;
    }

    List<Verdict> run() {
        List<Verdict> verdicts = new ArrayList<>();
        if (client.connection() == null) {
            verdicts.add(new Verdict(Status.FAIL, "site", "no Confluence site is configured", "set confluence.url "
                    + "(WARDEN_CONFLUENCE_URL), WARDEN_CONFLUENCE_EMAIL and WARDEN_CONFLUENCE_TOKEN; without them "
                    + "rules cannot call Confluence"));
            return verdicts;
        }
        String site = client.connection().siteUrl() + (client.connection().scoped() ? " (scoped token through "
                + "the API gateway)" : " (classic API token)");
        verdicts.add(Verdict.ok("site", site));
        if (!client.connection().hasToken()) {
            verdicts.add(new Verdict(Status.FAIL, "credentials", "no API token is configured", "set "
                    + "WARDEN_CONFLUENCE_TOKEN (or confluence.tokenFile) for " + client.connection().accountEmail()));
            return verdicts;
        }
        verdicts.add(check("credentials", "/wiki/rest/api/user/current", user -> "authenticated as "
                + user.path("displayName").asText() + " <" + user.path("email").asText() + "> ("
                + user.path("accountId").asText() + ")", Status.FAIL));
        verdicts.add(check("product access", "/wiki/api/v2/spaces?limit=1", spaces -> "can read Confluence "
                + "content (v2 spaces answered)", Status.FAIL));
        verdicts.add(check("admin rights", "/wiki/rest/api/audit?limit=1", audit -> "Confluence administrator "
                + "(may read the audit log)", Status.WARN));
        return verdicts;
    }

    private Verdict check(String name, String path, java.util.function.Function<JsonNode, String> describe,
                          Status onFailure) {
        try {
            return Verdict.ok(name, describe.apply(client.call(null, "GET", path, null)));
        } catch (RuleCallException e) {
            String diagnosis = e.diagnosis();
            if (e.code().equals("CANNOT_ACCESS_CONFLUENCE") && !name.equals("credentials")) {
                return Verdict.skip(name, "needs working credentials (see above)");
            }
            if (name.equals("product access") && e.status() == 404) {
                return new Verdict(Status.FAIL, name, "Confluence's v2 API answered 404", "v2 answers 404 to "
                        + "everything when the account has no Confluence product access or its credentials are "
                        + "refused: give the account Confluence in admin.atlassian.com (Products), or fix the token");
            }
            if (name.equals("admin rights") && e.status() == 403) {
                return new Verdict(Status.WARN, name, "not a Confluence administrator (the audit log answered 403)",
                        "the admin key works only for organization or site admins; rules can still run without "
                                + "adminKey");
            }
            return new Verdict(onFailure, name, e.code() + ": " + e.getMessage(), diagnosis);
        }
    }
}
