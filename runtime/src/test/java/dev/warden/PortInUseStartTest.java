package dev.warden;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.warden.testing.TestWarden;

/**
 * A start whose HTTP port is taken stops before it opens the store: it used to recover the queued runs, begin one and
 * cancel it on the way out ("not run again"), and print the bootstrap key, in a start that never served.
 */
class PortInUseStartTest {

    @TempDir
    Path dir;

    @Test
    void aTakenPortStopsTheStartWithASentenceNamingTheSettingBeforeAnythingIsWritten() throws Exception {
        TestWarden warden = TestWarden.in(dir).rule("hello.js", """
                import { rule, manual } from 'warden';
                export default rule({ id: 'hello', triggers: [manual()], run: () => 'hi' });
                """);
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            warden.env("WARDEN_PORT", Integer.toString(taken.getLocalPort()));
            assertThatThrownBy(warden::start).isInstanceOf(IllegalStateException.class)
                    .hasMessage("port " + taken.getLocalPort() + " on 127.0.0.1 is in use by another process "
                            + "(http.port, WARDEN_PORT): stop it or choose another port; Warden started nothing");
            assertThat(dir.resolve("data")).as("no store was made").doesNotExist();
            assertThat(warden.console()).as("no bootstrap key was stored into a start that never served").isEmpty();
        } finally {
            warden.close();
        }
    }

    @Test
    void queuedRunsLeftByAStopStayQueuedThroughAStartOnATakenPortAndRunAtTheNextGoodOne() throws Exception {
        TestWarden warden = TestWarden.in(dir).env("WARDEN_ENGINE_WORKERS", "1").rule("slow.js", """
                import { rule, manual } from 'warden';
                export default rule({ id: 'slow', triggers: [manual()], timeout: '20s', run({ event }) {
                  const end = Date.now() + 1500; while (Date.now() < end) {} return event.body.n;
                } });
                """);
        try {
            warden.start();
            List<String> ids = new ArrayList<>();
            for (int n = 0; n < 3; n++) {
                ids.add(TestWarden.json(warden.admin("POST", "/api/v1/rules/slow/runs", "{\"n\": " + n + "}"))
                        .get("id").asText());
            }
            warden.warden().close();
            List<String> queued = ids.stream().filter(id -> status(warden, id).equals("QUEUED")).toList();
            assertThat(queued).as("runs the stop left queued").isNotEmpty();
            try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
                warden.env("WARDEN_PORT", Integer.toString(taken.getLocalPort()));
                assertThatThrownBy(warden::start).hasMessageContaining("in use");
            }
            for (String id : queued) {
                assertThat(status(warden, id)).as("run %s after the failed start", id).isEqualTo("QUEUED");
            }
            warden.env("WARDEN_PORT", "0").start();
            for (String id : queued) {
                assertThat(warden.awaitRun(id).get("status").asText()).as("run %s", id).isEqualTo("SUCCEEDED");
            }
        } finally {
            warden.close();
        }
    }

    private static String status(TestWarden warden, String runId) {
        try (Connection c = warden.database(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT status FROM runs WHERE id = '" + runId + "'")) {
            assertThat(rs.next()).as("run %s stored", runId).isTrue();
            return rs.getString(1);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
