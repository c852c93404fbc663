package dev.warden.http;

import static dev.warden.testing.TestWarden.ADMIN_KEY;
import static dev.warden.testing.TestWarden.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import picocli.CommandLine;

import dev.warden.cli.WardenCommand;
import dev.warden.testing.TestWarden;

/** Runtime API keys: shown once, stored hashed, scoped and limited, revocable, audited; over the API and the CLI. */
class ApiKeysTest {

    @TempDir
    Path dir;
    TestWarden warden;

    @BeforeEach
    void start() {
        warden = TestWarden.in(dir).rule("hooks.js", """
                import { rule, webhook } from 'warden';
                export const a = rule({ id: 'on-created', triggers: [webhook('page-created')], run: () => 'ok' });
                """).start();
    }

    @AfterEach
    void stop() {
        warden.close();
    }

    /**
     * Stops the server, as {@code keys create --offline} needs, and writes a config naming its data folder (and
     * {@code morePaths}, lines under {@code paths:}); returns the config's path.
     */
    private Path stopForOffline(String morePaths) throws IOException {
        warden.warden().close();
        Path config = dir.resolve("offline.yml");
        Files.writeString(config, "paths:\n  data: " + dir.resolve("data") + "\n" + morePaths);
        return config;
    }

    private String idOf(String secret) {
        return secret.substring("wdn_".length(), "wdn_".length() + 8);
    }

    @Test
    void createdKeyShowsItsSecretOnceAndWardenKeepsOnlyItsHash() throws Exception {
        HttpResponse<String> created = warden.admin("POST", "/api/v1/keys", "{\"name\":\"ci\",\"scopes\":"
                + "[\"webhooks:trigger\"],\"hooks\":[\"page-created\"],\"expires\":\"90d\"}");
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.headers().firstValue("Cache-Control")).contains("no-store");
        String secret = json(created).get("secret").asText();
        assertThat(secret).matches("wdn_[A-Za-z0-9]{8}_[A-Za-z0-9]{32}");
        JsonNode key = json(created).get("key");
        assertThat(key.get("status").asText()).isEqualTo("active");
        assertThat(key.get("hooks")).hasSize(1);
        assertThat(key.get("expiresAt").asText()).isNotEmpty();

        JsonNode read = json(warden.admin("GET", "/api/v1/keys/" + key.get("id").asText(), null));
        assertThat(key.get("createdAt")).as("the create answer's times are the stored key's").isEqualTo(
                read.get("createdAt"));
        assertThat(key.get("expiresAt")).isEqualTo(read.get("expiresAt"));
        String listed = warden.admin("GET", "/api/v1/keys", null).body()
                + warden.admin("GET", "/api/v1/keys/" + key.get("id").asText(), null).body();
        assertThat(listed).doesNotContain(secret).doesNotContain(secret.substring(13));
        try (Connection db = warden.database(); Statement s = db.createStatement();
             ResultSet rs = s.executeQuery("SELECT * FROM api_keys")) {
            while (rs.next()) {
                for (int c = 1; c <= rs.getMetaData().getColumnCount(); c++) {
                    assertThat(String.valueOf(rs.getString(c))).doesNotContain(secret.substring(13));
                }
            }
        }
        assertThat(warden.post("/hooks/page-created", "{}", "x-api-key", secret).statusCode()).isEqualTo(202);
    }

    @Test
    void revokedKeyStopsWorkingAndTheRevocationIsAudited() {
        String secret = warden.createKey("{\"name\":\"temp\",\"scopes\":[\"rules:read\"]}");
        assertThat(warden.get("/api/v1/rules", "x-api-key", secret).statusCode()).isEqualTo(200);
        JsonNode revoked = json(warden.admin("POST", "/api/v1/keys/" + idOf(secret) + "/revoke", null));
        assertThat(revoked.get("status").asText()).isEqualTo("revoked");
        assertThat(warden.get("/api/v1/rules", "x-api-key", secret).statusCode()).isEqualTo(401);
        JsonNode audit = json(warden.admin("GET", "/api/v1/audit", null)).get("entries");
        assertThat(audit.findValuesAsText("action")).contains("key.create", "key.revoke", "request.refused");
        JsonNode refused = java.util.stream.StreamSupport.stream(audit.spliterator(), false)
                .filter(e -> e.get("action").asText().equals("request.refused")).findFirst().orElseThrow();
        assertThat(refused.get("actor").asText()).as("the revoked key is named, not 'unknown'")
                .isEqualTo("key:" + idOf(secret) + " (temp)");
        assertThat(audit.toString()).doesNotContain(secret.substring(13));
    }

    @Test
    void lastUsedTimeIsShownAndSurvivesARestart() {
        String secret = warden.createKey("{\"name\":\"used\",\"scopes\":[\"rules:read\"]}");
        assertThat(json(warden.admin("GET", "/api/v1/keys/" + idOf(secret), null)).has("lastUsedAt")).isFalse();
        warden.get("/api/v1/rules", "x-api-key", secret);
        JsonNode shown = json(warden.admin("GET", "/api/v1/keys/" + idOf(secret), null)).get("lastUsedAt");
        assertThat(shown).isNotNull();
        warden.restart();
        assertThat(json(warden.admin("GET", "/api/v1/keys/" + idOf(secret), null)).get("lastUsedAt"))
                .as("the time shown before it was stored is the stored one").isEqualTo(shown);
    }

    @Test
    void keyCanOnlyHandOnScopesAndLimitsItHas() {
        String manager = warden.createKey("{\"name\":\"manager\",\"scopes\":[\"keys:manage\",\"webhooks:trigger\"],"
                + "\"hooks\":[\"page-created\"]}");
        HttpResponse<String> escalate = warden.post("/api/v1/keys", "{\"name\":\"root\",\"scopes\":[\"admin\"]}",
                "x-api-key", manager);
        assertThat(escalate.statusCode()).isEqualTo(403);
        assertThat(json(escalate).get("error").get("message").asText()).contains("admin");
        HttpResponse<String> widen = warden.post("/api/v1/keys", "{\"name\":\"wide\",\"scopes\":"
                + "[\"webhooks:trigger\"]}", "x-api-key", manager);
        assertThat(widen.statusCode()).isEqualTo(403);
        assertThat(json(widen).get("error").get("code").asText()).isEqualTo("LIMIT_EXCEEDED");
        HttpResponse<String> narrow = warden.post("/api/v1/keys", "{\"name\":\"narrow\",\"scopes\":"
                + "[\"webhooks:trigger\"],\"hooks\":[\"page-created\"]}", "x-api-key", manager);
        assertThat(narrow.statusCode()).isEqualTo(201);
        HttpResponse<String> revokeAdmin = warden.post("/api/v1/keys/" + json(warden.admin("GET", "/api/v1/keys",
                null)).get("keys").get(0).get("id").asText() + "/revoke", null, "x-api-key", manager);
        assertThat(revokeAdmin.statusCode()).as("cannot revoke the admin key").isEqualTo(403);
    }

    @Test
    void aKeyLimitedToSomeWebhooksSeesAndRevokesOnlyKeysWithinItsLimits() {
        String manager = warden.createKey("{\"name\":\"hook-manager\",\"scopes\":[\"keys:manage\","
                + "\"webhooks:trigger\"],\"hooks\":[\"page-created\"]}");
        String automation = idOf(warden.createKey("{\"name\":\"automation\",\"scopes\":[\"webhooks:trigger\"]}"));
        String other = idOf(warden.createKey("{\"name\":\"other-hook\",\"scopes\":[\"webhooks:trigger\"],"
                + "\"hooks\":[\"page-updated\"]}"));
        String mine = idOf(warden.createKey("{\"name\":\"mine\",\"scopes\":[\"webhooks:trigger\"],"
                + "\"hooks\":[\"page-created\"]}"));

        for (String outside : List.of(automation, other)) {
            HttpResponse<String> revoke = warden.post("/api/v1/keys/" + outside + "/revoke", null, "x-api-key", manager);
            assertThat(revoke.statusCode()).as("revoking a key outside its limits").isEqualTo(403);
            assertThat(json(revoke).get("error").get("code").asText()).isEqualTo("LIMIT_EXCEEDED");
            assertThat(json(warden.admin("GET", "/api/v1/keys/" + outside, null)).has("revokedAt")).isFalse();
            assertThat(warden.get("/api/v1/keys/" + outside, "x-api-key", manager).statusCode()).isEqualTo(404);
        }
        List<String> listed = new ArrayList<>();
        json(warden.get("/api/v1/keys", "x-api-key", manager)).get("keys").forEach(k -> listed.add(k.get("name").asText()));
        assertThat(listed).containsExactlyInAnyOrder("hook-manager", "mine");
        assertThat(warden.post("/api/v1/keys/" + mine + "/revoke", null, "x-api-key", manager).statusCode())
                .isEqualTo(200);
    }

    @Test
    void invalidKeyRequestsAre400NamingTheProblem() {
        assertThat(json(warden.admin("POST", "/api/v1/keys", "{\"name\":\"x\",\"scopes\":[\"root\"]}"))
                .get("error").get("message").asText()).contains("unknown scope 'root'");
        assertThat(json(warden.admin("POST", "/api/v1/keys", "{\"scopes\":[\"admin\"]}")).get("error")
                .get("message").asText()).contains("name");
        assertThat(json(warden.admin("POST", "/api/v1/keys", "{\"name\":\"x\",\"scopes\":[\"admin\"],"
                + "\"expires\":\"soon\"}")).get("error").get("message").asText()).contains("expiry 'soon'");
    }

    @Test
    void keyRequestsThatOverflowOrSmuggleOddValuesAre400AndCreateNothing() {
        long before = json(warden.admin("GET", "/api/v1/keys", null)).get("keys").size();
        for (String expiry : List.of("999999999999d", "106751991167300d", "9223372036854775807ms",
                "99999999999999999999999s", "+999999999-12-31")) {
            HttpResponse<String> far = warden.admin("POST", "/api/v1/keys", "{\"name\":\"far\",\"scopes\":[\"admin\"],"
                    + "\"expires\":\"" + expiry + "\"}");
            assertThat(far.statusCode()).as(expiry).isEqualTo(400);
            assertThat(json(far).get("error").get("message").asText()).as(expiry).contains(expiry);
        }
        assertThat(warden.admin("POST", "/api/v1/keys", "{\"name\":\"far\",\"scopes\":[\"admin\"],"
                + "\"expires\":\"9999-12-30\"}").statusCode()).as("the latest date still works").isEqualTo(201);
        HttpResponse<String> nulls = warden.admin("POST", "/api/v1/keys", "{\"name\":\"n\",\"scopes\":"
                + "[\"webhooks:trigger\"],\"hooks\":[null]}");
        assertThat(json(nulls).get("error").get("message").asText()).contains("'hooks' must be a list of strings");
        assertThat(warden.admin("POST", "/api/v1/keys", "{\"name\":\"n\",\"scopes\":[\"rules:run\"],"
                + "\"rules\":[1,true]}").statusCode()).isEqualTo(400);
        HttpResponse<String> control = warden.admin("POST", "/api/v1/keys", "{\"name\":\"k\\n\\u0000evil\","
                + "\"scopes\":[\"admin\"]}");
        assertThat(json(control).get("error").get("message").asText()).contains("control characters");
        HttpResponse<String> both = warden.admin("POST", "/api/v1/keys", "{\"name\":\"b\",\"scopes\":[\"admin\"],"
                + "\"expires\":\"90d\",\"expiresAt\":\"2099-01-01\"}");
        assertThat(json(both).get("error").get("message").asText()).contains("not both");
        assertThat(json(warden.admin("GET", "/api/v1/keys", null)).get("keys").size()).isEqualTo(before + 1);
    }

    @Test
    void aNameOrExpiryThatIsNotAStringIs400RatherThanAKeyNamedAfterItsText() {
        long before = json(warden.admin("GET", "/api/v1/keys", null)).get("keys").size();
        for (String field : List.of("\"name\":5", "\"name\":true", "\"name\":{\"a\":1}",
                "\"name\":\"typed\",\"expires\":90", "\"name\":\"typed\",\"expiresAt\":[\"2099-01-01\"]")) {
            HttpResponse<String> typed = warden.admin("POST", "/api/v1/keys", "{" + field
                    + ",\"scopes\":[\"rules:read\"]}");
            assertThat(typed.statusCode()).as(field + " " + typed.body()).isEqualTo(400);
            assertThat(json(typed).get("error").get("message").asText()).as(field).contains("must be a string");
        }
        assertThat(json(warden.admin("GET", "/api/v1/keys", null)).get("keys").size()).isEqualTo(before);
    }

    @Test
    void aMisspelledFieldIs400RatherThanAKeyWithoutTheLimitItMeant() {
        long before = json(warden.admin("GET", "/api/v1/keys", null)).get("keys").size();
        HttpResponse<String> typo = warden.admin("POST", "/api/v1/keys",
                "{\"name\":\"typo\",\"scopes\":[\"webhooks:trigger\"],\"hook\":[\"page-created\"]}");
        assertThat(typo.statusCode()).isEqualTo(400);
        assertThat(json(typo).get("error").get("message").asText())
                .contains("unknown field 'hook'").contains("did you mean 'hooks'");
        assertThat(json(warden.admin("GET", "/api/v1/keys", null)).get("keys").size()).isEqualTo(before);
    }

    @Test
    void aNameInUseIsRefusedWith409NamingTheKeyThatHasItWhateverTheLetterCase() {
        String holder = warden.createKey("{\"name\":\"ci\",\"scopes\":[\"rules:read\"]}");
        int before = json(warden.admin("GET", "/api/v1/keys", null)).get("keys").size();
        for (String name : List.of("ci", " CI ")) {
            HttpResponse<String> again = warden.admin("POST", "/api/v1/keys", "{\"name\":\"" + name + "\","
                    + "\"scopes\":[\"rules:read\"]}");
            assertThat(again.statusCode()).as(name).isEqualTo(409);
            JsonNode error = json(again).get("error");
            assertThat(error.get("code").asText()).isEqualTo("KEY_NAME_TAKEN");
            assertThat(error.get("message").asText()).as("names the key, its prefix and the ways out")
                    .contains("'ci'").contains(idOf(holder)).contains("wdn_" + idOf(holder) + "…")
                    .contains("warden keys revoke " + idOf(holder)).contains("choose another name");
        }
        assertThat(json(warden.admin("GET", "/api/v1/keys", null)).get("keys").size()).isEqualTo(before);
    }

    @Test
    void theNameOfARevokedOrExpiredKeyCanBeGivenToANewKey() throws Exception {
        String spec = "{\"name\":\"ci\",\"scopes\":[\"rules:read\"]}";
        String revoked = warden.createKey(spec);
        warden.admin("POST", "/api/v1/keys/" + idOf(revoked) + "/revoke", null);
        String expired = warden.createKey(spec);
        try (Connection db = warden.database(); Statement s = db.createStatement()) {
            s.executeUpdate("UPDATE api_keys SET expires_at = " + (System.currentTimeMillis() - 1000) + " WHERE id = '"
                    + idOf(expired) + "'");
        }
        String current = warden.createKey(spec);
        assertThat(warden.get("/api/v1/rules", "x-api-key", current).statusCode()).isEqualTo(200);
        assertThat(json(warden.admin("GET", "/api/v1/keys", null)).get("keys").findValuesAsText("name"))
                .filteredOn("ci"::equals).hasSize(3);
    }

    @Test
    void limitsNamingNoLoadedRuleOrWebhookAreKeptAndNamedInTheAnswersWarnings() {
        HttpResponse<String> created = warden.admin("POST", "/api/v1/keys", "{\"name\":\"typos\",\"scopes\":"
                + "[\"webhooks:trigger\",\"rules:run\"],\"rules\":[\"on-created\",\"on-craeted\"],"
                + "\"hooks\":[\"page-created\",\"page-creatd\",\"Page-Created\",\"space-archived\"]}");
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(json(created).get("key").get("hooks")).as("kept: the rule may come later").hasSize(4);
        List<String> warnings = new java.util.ArrayList<>();
        json(created).get("warnings").forEach(w -> warnings.add(w.asText()));
        assertThat(warnings).containsExactly(
                "rule 'on-craeted' is not a loaded rule (loaded rules: on-created); did you mean 'on-created'?",
                "hook 'page-creatd' is not declared by any loaded rule (known hooks: page-created); did you mean "
                        + "'page-created'?",
                "hook 'Page-Created' is not declared by any loaded rule (known hooks: page-created); did you mean "
                        + "'page-created'? (names are case-sensitive)",
                "hook 'space-archived' is not declared by any loaded rule (known hooks: page-created)");
    }

    @Test
    void limitsThatMatchLoadedRulesAndWebhooksBringNoWarnings() {
        for (String limits : List.of("", ",\"rules\":[\"on-created\"],\"hooks\":[\"page-created\"]")) {
            HttpResponse<String> created = warden.admin("POST", "/api/v1/keys", "{\"name\":\"fine" + limits.length()
                    + "\",\"scopes\":[\"webhooks:trigger\"]" + limits + "}");
            assertThat(created.statusCode()).isEqualTo(201);
            assertThat(json(created).get("warnings").isArray()).isTrue();
            assertThat(json(created).get("warnings")).as(limits).isEmpty();
        }
    }

    @Test
    void aKeyLimitedToAWebhookNoRuleDeclaresYetWorksOnceARuleDeclaresIt() throws Exception {
        HttpResponse<String> created = warden.admin("POST", "/api/v1/keys", "{\"name\":\"early\",\"scopes\":"
                + "[\"webhooks:trigger\"],\"hooks\":[\"page-moved\"]}");
        assertThat(json(created).get("warnings").get(0).asText()).startsWith("hook 'page-moved' is not declared");
        String secret = json(created).get("secret").asText();
        warden.rule("moved.js", """
                import { rule, webhook } from 'warden';
                export const m = rule({ id: 'on-moved', triggers: [webhook('page-moved')], run: () => 'ok' });
                """);
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(20);
        int status;
        do {
            TestWarden.sleep(100);
            status = warden.post("/hooks/page-moved", "{}", "x-api-key", secret).statusCode();
        } while (status != 202 && System.nanoTime() < deadline);
        assertThat(status).isEqualTo(202);
    }

    @Test
    void cliCreatesListsAndRevokesKeysThroughTheRunningWarden() throws Exception {
        Path keyFile = dir.resolve("admin.key");
        Files.writeString(keyFile, ADMIN_KEY);
        String url = warden.url("");
        Cli create = cli("keys", "create", "--url", url, "--api-key-file", keyFile.toString(), "--name", "ci",
                "--scopes", "webhooks:trigger", "--hooks", "page-created", "--expires", "90d");
        assertThat(create.exit).as(create.err).isZero();
        String secret = create.out.strip();
        assertThat(secret).startsWith("wdn_").doesNotContain("\n");
        assertThat(create.err).contains("shown only now").doesNotContain(secret);
        assertThat(warden.post("/hooks/page-created", "{}", "x-api-key", secret).statusCode()).isEqualTo(202);

        Cli list = cli("keys", "list", "--url", url, "--api-key-file", keyFile.toString());
        assertThat(list.out).contains("ci").contains("[\"webhooks:trigger\"]").doesNotContain(secret);
        Cli revoke = cli("keys", "revoke", idOf(secret), "--url", url, "--api-key-file", keyFile.toString());
        assertThat(revoke.exit).isZero();
        assertThat(warden.post("/hooks/page-created", "{}", "x-api-key", secret).statusCode()).isEqualTo(401);
    }

    @Test
    void cliOfflineCreatesAKeyInTheDatabaseOfAStoppedWarden() throws Exception {
        Path config = stopForOffline("");
        Cli create = cli("keys", "--config", config.toString(), "create", "--offline", "--name", "rescue",
                "--scopes", "admin");
        assertThat(create.exit).as(create.err).isZero();
        String secret = create.out.strip();
        warden.start();
        assertThat(warden.get("/api/v1/keys", "x-api-key", secret).statusCode()).isEqualTo(200);
        JsonNode audit = json(warden.admin("GET", "/api/v1/audit?action=key.create", null)).get("entries");
        assertThat(audit.findValuesAsText("actor")).anyMatch(a -> a.startsWith("cli (offline"));
    }

    @Test
    void cliRefusesANameInUseWithTheServersMessageAndExitsNonZero() throws Exception {
        Path keyFile = dir.resolve("admin.key");
        Files.writeString(keyFile, ADMIN_KEY);
        String url = warden.url("");
        Cli first = cli("keys", "create", "--url", url, "--api-key-file", keyFile.toString(), "--name", "ci",
                "--scopes", "webhooks:trigger", "--hooks", "page-created");
        assertThat(first.exit).as(first.err).isZero();

        Cli again = cli("keys", "create", "--url", url, "--api-key-file", keyFile.toString(), "--name", "ci",
                "--scopes", "webhooks:trigger", "--hooks", "page-created");
        assertThat(again.exit).isEqualTo(1);
        assertThat(again.out).isEmpty();
        assertThat(again.err).contains("409 KEY_NAME_TAKEN: a key named 'ci' is in use already: "
                + idOf(first.out.strip())).contains("choose another name");
    }

    @Test
    void cliOfflineRefusesANameInUseWhateverTheLetterCase() throws Exception {
        Path config = stopForOffline("");
        Cli create = cli("keys", "--config", config.toString(), "create", "--offline", "--name", "hooks",
                "--scopes", "webhooks:trigger");
        assertThat(create.exit).as(create.err).isZero();

        Cli again = cli("keys", "--config", config.toString(), "create", "--offline", "--name", "Hooks",
                "--scopes", "admin");
        assertThat(again.exit).isEqualTo(1);
        assertThat(again.out).isEmpty();
        assertThat(again.err).contains("warden keys: a key named 'hooks' is in use already: "
                + idOf(create.out.strip())).contains("regardless of letter case");
        warden.start();
    }

    @Test
    void cliPrintsTheWarningsOfLimitsThatMatchNothingLoadedOnStandardError() throws Exception {
        Path keyFile = dir.resolve("admin.key");
        Files.writeString(keyFile, ADMIN_KEY);
        Cli create = cli("keys", "create", "--url", warden.url(""), "--api-key-file", keyFile.toString(), "--name",
                "typo", "--scopes", "webhooks:trigger", "--hooks", "page-created,page-creatd");
        assertThat(create.exit).as(create.err).isZero();
        assertThat(create.out.strip()).as("standard output holds the secret alone").matches("wdn_\\S+");
        assertThat(create.err).contains("warning: hook 'page-creatd' is not declared by any loaded rule (known "
                + "hooks: page-created); did you mean 'page-created'?").doesNotContain("hook 'page-created' is not");
    }

    @Test
    void cliOfflineChecksTheLimitsAgainstTheConfiguredRulesFolder() throws Exception {
        Path config = stopForOffline("  rules: " + dir.resolve("rules") + "\n");
        Cli create = cli("keys", "--config", config.toString(), "create", "--offline", "--name", "hooks",
                "--scopes", "webhooks:trigger", "--rules", "on-created", "--hooks", "page-created,page-creatd");
        assertThat(create.exit).as(create.err).isZero();
        assertThat(create.err).contains("warning: hook 'page-creatd' is not declared by any loaded rule (known "
                + "hooks: page-created); did you mean 'page-created'?").doesNotContain("rule 'on-created'")
                .doesNotContain("hook 'page-created' is not");

        Files.writeString(config, "paths:\n  data: " + dir.resolve("data") + "\n  rules: " + dir.resolve("none")
                + "\n");
        Cli unchecked = cli("keys", "--config", config.toString(), "create", "--offline", "--name", "other",
                "--scopes", "webhooks:trigger", "--hooks", "page-created");
        assertThat(unchecked.exit).as(unchecked.err).isZero();
        assertThat(unchecked.err).contains("warning: the limits were not checked against the rules: "
                + dir.resolve("none") + " is not a folder (paths.rules)");
        warden.start();
    }

    private record Cli(int exit, String out, String err) {
    }

    private static Cli cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = WardenCommand.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int exit = cli.execute(args);
        return new Cli(exit, out.toString(), err.toString());
    }
}
