package dev.warden.http;

import static dev.warden.testing.TestWarden.ADMIN_KEY;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.warden.testing.TestWarden;

/** Wait mode holds no request thread: with a small pool, callers waiting for runs do not lock everyone else out. */
class WaitModeThreadsTest {

    private static final int WAITING = 12;

    @TempDir
    Path dir;
    TestWarden warden;
    ExecutorService callers = Executors.newFixedThreadPool(WAITING);

    @AfterEach
    void stop() {
        callers.shutdownNow();
        warden.close();
    }

    @Test
    void moreWaitingCallersThanRequestThreadsLeaveTheServerAnswering() {
        // 8 request threads, the fewest allowed; each run spins for 8 s on the one worker (the other core stays
        // free for HTTP), so every caller below is still waiting when /health is asked.
        warden = TestWarden.in(dir).env("WARDEN_HTTP_THREADS", "8").env("WARDEN_ENGINE_WORKERS", "1")
                .rule("slow.js", """
                import { rule, webhook } from 'warden';
                export default rule({ id: 'slow', timeout: '20s', triggers: [webhook('slow')],
                  run: () => { const end = Date.now() + 8000; while (Date.now() < end) {} return 'late'; } });
                """).start();

        List<CompletableFuture<HttpResponse<String>>> waiting = IntStream.range(0, WAITING)
                .mapToObj(i -> CompletableFuture.supplyAsync(() -> warden.post("/hooks/slow?wait=5s", "{}",
                        "x-api-key", ADMIN_KEY, "Content-Type", "application/json"), callers))
                .toList();
        long deadline = System.nanoTime() + 4_000_000_000L;
        while (warden.warden().runs().count() < WAITING && System.nanoTime() < deadline) {
            TestWarden.sleep(20);
        }
        assertThat(warden.warden().runs().count()).as("every caller got its run accepted").isEqualTo(WAITING);

        HttpResponse<String> health = warden.get("/health");

        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(waiting).as("all still waiting while /health was answered").noneMatch(CompletableFuture::isDone);
        for (CompletableFuture<HttpResponse<String>> caller : waiting) {
            HttpResponse<String> response = caller.join();
            assertThat(response.statusCode()).as("the wait ran out: 202 with the run ids").isEqualTo(202);
            assertThat(TestWarden.json(response).get("runs").get(0).get("rule").asText()).isEqualTo("slow");
        }
    }
}
