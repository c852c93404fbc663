package dev.warden.store;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import dev.warden.config.DatabaseConfig;
import dev.warden.config.Secret;

/** A store that cannot be opened is one sentence naming the setting to change and what to check, never a password. */
class DatabaseOpenErrorsTest {

    @TempDir
    Path dir;

    @Test
    void aDataFolderWithAFileInItsPlaceNamesTheSetting() throws Exception {
        Path file = Files.writeString(dir.resolve("data"), "not a folder");
        assertThatThrownBy(() -> Database.open(new DatabaseConfig("jdbc:h2:file:" + file + "/warden", "",
                Secret.empty()), file)).isInstanceOf(IllegalStateException.class)
                .hasMessage("cannot create the data folder " + file + " (paths.data, WARDEN_DATA_DIR): a file, not a "
                        + "folder, is in its place (" + file + ")");
    }

    @Test
    void aPostgresqlThatIsNotThereOrRefusesTheUserOrLacksTheDatabaseSaysWhatToCheck() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        assertThatThrownBy(() -> Database.open(new DatabaseConfig("jdbc:postgresql://127.0.0.1:" + closed
                + "/warden?password=hunter2", "warden", Secret.empty()), dir))
                .hasMessageStartingWith("cannot open the database jdbc:postgresql://127.0.0.1:" + closed
                        + "/warden?password=*** (database.url, WARDEN_DB_URL): ")
                .hasMessageEndingWith("; is the database server running, and listening at that host and port?")
                .hasMessageNotContaining("hunter2");
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
            assertThatThrownBy(() -> Database.open(new DatabaseConfig(postgres.getJdbcUrl("postgres", "nosuchdb"),
                    "postgres", Secret.empty()), dir))
                    .hasMessageContaining("(database.url, WARDEN_DB_URL)").hasMessageContaining("nosuchdb")
                    .hasMessageEndingWith("; create that database (e.g. createdb) or correct the name in the URL");
            assertThatThrownBy(() -> Database.open(new DatabaseConfig(postgres.getJdbcUrl("postgres", "postgres")
                    .replace("user=postgres", "user=nobody"), "nobody", Secret.of("wrong")), dir))
                    .hasMessageContaining("nobody").hasMessageNotContaining("wrong")
                    .hasMessageEndingWith("; check database.user (WARDEN_DB_USER) and the password (WARDEN_DB_PASSWORD"
                            + " or database.passwordFile)");
        }
    }
}
