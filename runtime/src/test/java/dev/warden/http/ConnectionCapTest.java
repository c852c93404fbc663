package dev.warden.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Socket;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.warden.testing.RawHttp;
import dev.warden.testing.TestWarden;

/** http.maxConnections: beyond it a client waits to be accepted, so idle sockets cannot use up the process's files. */
class ConnectionCapTest {

    @TempDir
    Path dir;
    TestWarden warden;

    @AfterEach
    void stop() {
        warden.close();
    }

    @Test
    void beyondHttpMaxConnectionsAClientWaitsToBeAcceptedUntilAnOpenConnectionCloses() throws Exception {
        warden = TestWarden.in(dir).env("WARDEN_HTTP_MAX_CONNECTIONS", "2").env("WARDEN_HTTP_HEADER_TIMEOUT", "1s")
                .start();
        try (Socket first = new Socket("127.0.0.1", warden.port());
             Socket second = new Socket("127.0.0.1", warden.port())) {
            TestWarden.sleep(300);
            CompletableFuture<RawHttp.Response> health = CompletableFuture.supplyAsync(() -> warden.raw("GET",
                    "/health", null));
            // Two silent sockets: no request has begun, so the header deadline (1 s) does not close them.
            TestWarden.sleep(2000);
            assertThat(health).as("answered while two connections are open").isNotDone();

            first.close();
            assertThat(health.get(10, TimeUnit.SECONDS).status()).isEqualTo(200);
            assertThat(second.isClosed()).isFalse();
        }
    }
}
