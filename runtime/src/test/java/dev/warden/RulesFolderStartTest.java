package dev.warden;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.warden.testing.TestWarden;

/** A start whose rules folder is missing stops, rather than run no rules and drop every schedule from the store. */
class RulesFolderStartTest {

    @TempDir
    Path dir;

    @Test
    void aMistypedRulesFolderStopsTheStartAndTheSchedulesStayInTheStore() throws Exception {
        TestWarden warden = TestWarden.in(dir).rule("hourly.js", """
                import { rule, every } from 'warden';
                export default rule({ id: 'hourly', triggers: [every('1h')], run: () => 'ok' });
                """);
        try {
            warden.start();
            warden.warden().close();
            warden.env("WARDEN_RULES_DIR", dir.resolve("rulez").toString());
            assertThatThrownBy(warden::start).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("the rules folder " + dir.resolve("rulez") + " does not exist")
                    .hasMessageContaining("paths.rules");
            Files.writeString(dir.resolve("a-file"), "not a folder");
            warden.env("WARDEN_RULES_DIR", dir.resolve("a-file").toString());
            assertThatThrownBy(warden::start).hasMessageContaining("is not a folder");
            try (Connection c = warden.database(); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM QRTZ_TRIGGERS")) {
                rs.next();
                assertThat(rs.getInt(1)).as("the hourly rule's trigger").isEqualTo(1);
            }
        } finally {
            warden.close();
        }
    }
}
