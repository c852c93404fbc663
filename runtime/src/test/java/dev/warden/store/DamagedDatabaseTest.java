package dev.warden.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.warden.config.DatabaseConfig;
import dev.warden.config.Secret;

/** An H2 file that exists but holds no Warden schema is refused, untouched, instead of being migrated afresh. */
class DamagedDatabaseTest {

    @TempDir
    Path dir;

    private DatabaseConfig config() {
        return new DatabaseConfig("jdbc:h2:file:" + dir.resolve("warden") + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0",
                "", Secret.empty());
    }

    private Path file() {
        return dir.resolve("warden.mv.db");
    }

    private void fill() throws Exception {
        try (Database database = Database.open(config(), dir); Connection c = database.dataSource().getConnection();
             PreparedStatement insert = c.prepareStatement("INSERT INTO audit (id, at, actor, action, detail) "
                     + "VALUES (?, ?, 'test', 'test', ?)")) {
            for (int i = 0; i < 2000; i++) {
                insert.setString(1, String.format("%026d", i));
                insert.setLong(2, i);
                insert.setString(3, "x".repeat(1500));
                insert.executeUpdate();
            }
        }
    }

    private String digest() throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file())));
    }

    @Test
    void aFileCutShortIsRefusedAndLeftAsItWas() throws Exception {
        fill();
        try (RandomAccessFile raf = new RandomAccessFile(file().toFile(), "rw")) {
            raf.setLength(12 * 1024);   // H2's file headers and a little more: every chunk is gone
        }
        String before = digest();
        assertThatThrownBy(() -> Database.open(config(), dir)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("the database file " + file().toAbsolutePath().normalize())
                .hasMessageContaining("Warden did not start, so as not to write over it");
        assertThat(digest()).isEqualTo(before);
    }

    @Test
    void aFileThatIsNotWardensIsRefused() throws Exception {
        try (Connection c = java.sql.DriverManager.getConnection("jdbc:h2:file:" + dir.resolve("warden"));
             var s = c.createStatement()) {
            s.execute("CREATE TABLE someone_elses (id INT)");
        }
        assertThatThrownBy(() -> Database.open(config(), dir)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("holds no Warden tables");
    }

    @Test
    void aGoodFileAndAFirstStartOpen() throws Exception {
        fill();
        try (Database database = Database.open(config(), dir)) {
            assertThat(database.vendor()).isEqualTo(Database.Vendor.H2);
        }
    }
}
