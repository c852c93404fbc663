package dev.warden.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Section 2 of the API facts page: "only organization or site admins" hold an admin key. A site admin is a member of
 * the site's {@code site-admins} group without being an organization admin.
 */
class SiteAdminKeyTest {
    private static final String KEY = "/wiki/api/v2/admin-key";

    @Test
    void aSiteAdminWhoIsNotAnOrgAdminMayEnableTheAdminKeyAndReadARestrictedPageWithIt(@TempDir Path dir)
            throws Exception {
        Path fixture = dir.resolve("site-admin.json");
        Files.writeString(fixture, """
                {"site": {"name": "tiny", "cloudId": "c-1", "plan": "premium"},
                 "users": [{"accountId": "a-1", "email": "sam.site@example.com", "displayName": "Sam Site",
                            "role": "user", "token": "t-1", "groups": ["confluence-users", "site-admins"]},
                           {"accountId": "a-2", "email": "pat.plain@example.com", "displayName": "Pat Plain",
                            "role": "user", "token": "t-2", "groups": ["confluence-users"]}],
                 "spaces": [{"id": "1", "key": "S", "name": "Space", "author": "pat.plain@example.com"}],
                 "pages": [{"id": "10", "space": "S", "homepage": true, "title": "Home", "author": "pat.plain@example.com"},
                           {"id": "11", "space": "S", "parent": "10", "title": "Private", "author": "pat.plain@example.com",
                            "restrictions": {"read": {"users": ["pat.plain@example.com"]}}}]}
                """);

        try (ConfluenceSimulator sim = ConfluenceSimulator.start(SimulatorOptions.defaults().withFixture(fixture))) {
            sim.clock().set(Instant.parse("2026-11-23T10:05:00Z"));
            Http siteAdmin = Http.to(sim).basic("sam.site@example.com", "t-1");
            Http plain = Http.to(sim).basic("pat.plain@example.com", "t-2");

            assertThat(siteAdmin.withAdminKey().get("/wiki/api/v2/pages/11").status()).isEqualTo(404);
            Http.Reply enabled = siteAdmin.post(KEY, "{\"durationInMinutes\":5}");
            assertThat(enabled.status()).isEqualTo(200);
            assertThat(enabled.body())
                    .isEqualTo("{\"accountId\":\"a-1\",\"expirationTime\":\"2026-11-23T10:10:00.000Z\"}");
            assertThat(siteAdmin.get(KEY).status()).isEqualTo(200);
            assertThat(siteAdmin.get("/wiki/api/v2/pages/11").status()).isEqualTo(404);
            assertThat(siteAdmin.withAdminKey().get("/wiki/api/v2/pages/11").status()).isEqualTo(200);
            assertThat(siteAdmin.delete(KEY).status()).isEqualTo(204);

            assertThat(plain.post(KEY, "").status()).isEqualTo(404);
        }
    }
}
