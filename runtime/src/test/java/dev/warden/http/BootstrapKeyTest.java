package dev.warden.http;

import static dev.warden.testing.TestWarden.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.warden.audit.AuditLog;
import dev.warden.config.ConfigException;
import dev.warden.config.Secret;
import dev.warden.keys.ApiKeys;
import dev.warden.keys.BootstrapKey;
import dev.warden.store.Database;
import dev.warden.testing.SimpleWarden;
import dev.warden.testing.TestWarden;

/** The first start with no keys yields one admin key, printed once; or the operator's WARDEN_ADMIN_KEY. */
class BootstrapKeyTest {

    @TempDir
    Path dir;

    @Test
    void firstStartPrintsAnAdminKeyOnceAndSaysHowToCreateMore() {
        try (TestWarden warden = TestWarden.in(dir).env("WARDEN_ADMIN_KEY", null).start()) {
            Matcher m = Pattern.compile("(wdn_[A-Za-z0-9]{8}_[A-Za-z0-9]{32})").matcher(warden.console());
            assertThat(m.find()).as(warden.console()).isTrue();
            String key = m.group(1);
            assertThat(warden.console()).contains("shown only now").contains("warden keys create");
            assertWorksAsAdminKey(warden, key);
            warden.restart();
            assertThat(warden.console()).as("printed once").containsOnlyOnce("wdn_");
        }
    }

    @Test
    void adminKeyFromTheEnvironmentBecomesTheBootstrapKeyStoredHashed() {
        String chosen = "scripted-setup-" + "0123456789abcdef".repeat(2);
        try (TestWarden warden = TestWarden.in(dir).env("WARDEN_ADMIN_KEY", chosen).start()) {
            assertThat(warden.console()).contains("stored WARDEN_ADMIN_KEY (hashed)").doesNotContain(chosen);
            assertWorksAsAdminKey(warden, chosen);
        }
    }

    @Test
    void noCharacterOfAChosenAdminKeyIsShownOrStored() throws Exception {
        String chosen = "scripted-setup-" + "0123456789abcdef".repeat(2);
        try (TestWarden warden = TestWarden.in(dir).env("WARDEN_ADMIN_KEY", chosen).start()) {
            String listed = warden.get("/api/v1/keys", "x-api-key", chosen).body();
            assertThat(listed).doesNotContain(chosen.substring(0, 4));
            assertThat(storedPrefixes(warden)).noneMatch(p -> p.startsWith(chosen.substring(0, 4)));
        }
    }

    @Test
    void aChosenKeyStoredByAnOlderWardenStillWorksAndStopsKeepingItsFirstCharacters() throws Exception {
        String chosen = "scripted-setup-" + "0123456789abcdef".repeat(2);
        try (TestWarden warden = TestWarden.in(dir).env("WARDEN_ADMIN_KEY", chosen).start()) {
            try (Connection c = warden.database(); Statement st = c.createStatement()) {
                // What versions before this one stored: the secret's first 8 characters as the lookup prefix.
                st.executeUpdate("UPDATE api_keys SET prefix = '" + chosen.substring(0, 8) + "'");
            }
            warden.restart();
            assertWorksAsAdminKey(warden, chosen);
            assertThat(storedPrefixes(warden)).noneMatch(p -> p.startsWith(chosen.substring(0, 4)));
            assertWorksAsAdminKey(warden, chosen);
        }
    }

    private static java.util.List<String> storedPrefixes(TestWarden warden) throws Exception {
        java.util.List<String> out = new java.util.ArrayList<>();
        try (Connection c = warden.database(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT prefix FROM api_keys")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    @Test
    void tooShortAdminKeyStopsTheStartWithAMessage() {
        TestWarden warden = TestWarden.in(dir).env("WARDEN_ADMIN_KEY", "short");
        try {
            warden.start();
            throw new AssertionError("started with a 5-character admin key");
        } catch (ConfigException e) {
            assertThat(e.getMessage()).contains("WARDEN_ADMIN_KEY must be at least 32 characters");
        } finally {
            warden.close();
        }
    }

    @Test
    void tooShortAdminKeyStopsTheStartBeforeRulesAreScheduled() throws Exception {
        TestWarden warden = TestWarden.in(dir).env("WARDEN_ADMIN_KEY", "short").rule("hourly.js", """
                import { rule, every } from 'warden';
                export default rule({ id: 'hourly', triggers: [every('1h')], run: () => 'ok' });
                """);
        try {
            warden.start();
            throw new AssertionError("started with a 5-character admin key");
        } catch (ConfigException e) {
            assertThat(e.getMessage()).contains("WARDEN_ADMIN_KEY must be at least 32 characters");
        }
        try (Connection c = warden.database(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM QRTZ_JOB_DETAILS")) {
            rs.next();
            assertThat(rs.getInt(1)).as("jobs scheduled by the refused start").isZero();
        } finally {
            warden.close();
        }
    }

    @Test
    void twoWardensFirstStartingOnOneDatabaseAtOnceMakeOneBootstrapKeyAndBothStart() {
        SimpleWarden setup = new SimpleWarden(dir);
        try (Database db = Database.open(setup.config().database(), setup.config().paths().data())) {
            AuditLog audit = new AuditLog(db.dataSource(), Clock.systemUTC());
            // Both read the empty table before either created its key, as two processes starting together do.
            ApiKeys first = new ApiKeys(db.dataSource(), audit, Clock.systemUTC());
            ApiKeys second = new ApiKeys(db.dataSource(), audit, Clock.systemUTC());
            ByteArrayOutputStream firstConsole = new ByteArrayOutputStream();
            ByteArrayOutputStream secondConsole = new ByteArrayOutputStream();
            BootstrapKey.ensure(first, Secret.empty(), new PrintStream(firstConsole, true, StandardCharsets.UTF_8));
            BootstrapKey.ensure(second, Secret.empty(), new PrintStream(secondConsole, true, StandardCharsets.UTF_8));
            assertThat(firstConsole.toString(StandardCharsets.UTF_8)).contains("wdn_");
            assertThat(secondConsole.toString(StandardCharsets.UTF_8)).doesNotContain("wdn_");
            assertThat(new ApiKeys(db.dataSource(), audit, Clock.systemUTC()).list()).hasSize(1);
        }
    }

    private static void assertWorksAsAdminKey(TestWarden warden, String key) {
        var keys = json(warden.get("/api/v1/keys", "x-api-key", key)).get("keys");
        assertThat(keys).hasSize(1);
        assertThat(keys.get(0).get("name").asText()).isEqualTo("bootstrap-admin");
        assertThat(keys.get(0).get("scopes").get(0).asText()).isEqualTo("admin");
    }
}
