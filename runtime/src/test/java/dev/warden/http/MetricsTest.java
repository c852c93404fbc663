package dev.warden.http;

import static dev.warden.testing.TestWarden.ADMIN_KEY;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import dev.warden.confluence.Faults;
import dev.warden.simulator.ConfluenceSimulator;
import dev.warden.simulator.SeededUser;
import dev.warden.simulator.junit.SimulatorExtension;
import dev.warden.testing.SimulatedSite;
import dev.warden.testing.TestWarden;

/** /metrics in the Prometheus format: runs, durations, queue, webhook requests; behind a runs:read key. */
class MetricsTest {

    @TempDir
    Path dir;

    private Path h2File() throws java.io.IOException {
        try (var files = java.nio.file.Files.walk(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".mv.db")).findFirst().orElseThrow();
        }
    }

    @Test
    void metricsCountRunsByRuleAndStatusAndWebhookRequestsByHookAndStatus() throws Exception {
        try (TestWarden warden = TestWarden.in(dir).rule("hooks.js", """
                import { rule, webhook } from 'warden';
                export const ok = rule({ id: 'fine', triggers: [webhook('go')], run: () => 1 });
                export const bad = rule({ id: 'broken', triggers: [webhook('fail')], run: () => { throw 1; } });
                """).start()) {
            warden.post("/hooks/go?wait=10s", "{}", "x-api-key", ADMIN_KEY);
            warden.post("/hooks/go?wait=10s", "{}", "x-api-key", ADMIN_KEY);
            warden.post("/hooks/fail?wait=10s", "{}", "x-api-key", ADMIN_KEY);
            warden.post("/hooks/nope", "{}", "x-api-key", ADMIN_KEY);
            warden.post("/hooks/go", "{}");

            String scrapeKey = warden.createKey("{\"name\":\"prometheus\",\"scopes\":[\"runs:read\"]}");
            HttpResponse<String> response = warden.get("/metrics", "Authorization", "Bearer " + scrapeKey);
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/plain");
            String text = response.body();
            assertThat(text).contains("warden_runs_total{rule=\"fine\",status=\"SUCCEEDED\"} 2.0")
                    .contains("warden_runs_total{rule=\"broken\",status=\"FAILED\"} 1.0")
                    .contains("warden_run_duration_seconds_bucket{rule=\"fine\"")
                    .contains("warden_run_queue_wait_seconds_bucket{rule=\"fine\"")
                    .contains("warden_queue_depth ")
                    .contains("warden_store_pending ")
                    .contains("warden_leases_active 0.0")
                    .contains("warden_webhook_requests_total{hook=\"go\",status=\"200\"} 2.0")
                    .contains("warden_webhook_requests_total{hook=\"fail\",status=\"500\"} 1.0")
                    .contains("warden_webhook_requests_total{hook=\"unknown\",status=\"404\"} 1.0")
                    .contains("warden_webhook_requests_total{hook=\"go\",status=\"401\"} 1.0");
            assertThat(warden.get("/metrics").statusCode()).isEqualTo(401);
            // Three runs ended, each with its insert (or its request's) before: at least four writes, in at least
            // one commit and at most one a write.
            double writes = sample(text, "warden_store_writes_total");
            double commits = sample(text, "warden_store_commits_total");
            assertThat(writes).isGreaterThanOrEqualTo(4);
            assertThat(commits).isGreaterThanOrEqualTo(1).isLessThanOrEqualTo(writes);
            // The default H2 file, as big as the file in the data folder.
            assertThat(sample(text, "warden_store_file_bytes")).isPositive()
                    .isLessThanOrEqualTo(java.nio.file.Files.size(h2File()));
        }
    }

    @Test
    void queueWaitShowsHowLongARunWaitedForABusyWorker() throws Exception {
        // One worker and two runs of 600 ms accepted together: the second waits about 600 ms before it starts.
        try (TestWarden warden = TestWarden.in(dir).env("WARDEN_ENGINE_WORKERS", "1").rule("slow.js", """
                import { rule, webhook } from 'warden';
                export default rule({ id: 'slow', triggers: [webhook('slow')],
                  run: () => { const end = Date.now() + 600; while (Date.now() < end) {} return 1; } });
                """).start()) {
            var first = java.util.concurrent.CompletableFuture.supplyAsync(
                    () -> warden.post("/hooks/slow?wait=10s", "{}", "x-api-key", ADMIN_KEY));
            var second = java.util.concurrent.CompletableFuture.supplyAsync(
                    () -> warden.post("/hooks/slow?wait=10s", "{}", "x-api-key", ADMIN_KEY));
            assertThat(first.get().statusCode()).isEqualTo(200);
            assertThat(second.get().statusCode()).isEqualTo(200);

            String text = warden.get("/metrics", "x-api-key", ADMIN_KEY).body();
            assertThat(sample(text, "warden_run_queue_wait_seconds_count{rule=\"slow\"}")).isEqualTo(2.0);
            assertThat(sample(text, "warden_run_queue_wait_seconds_max{rule=\"slow\"}"))
                    .as("the second run waited for the first").isGreaterThan(0.4);
            assertThat(sample(text, "warden_run_duration_seconds_max{rule=\"slow\"}")).isGreaterThan(0.55);
        }
    }

    @Test
    @ExtendWith(SimulatorExtension.class)
    void confluenceCallsAreCountedByTheStatusTheSiteAnsweredEachAttemptWith(ConfluenceSimulator sim) throws Exception {
        Faults.add(sim, "{\"path\":\"/wiki/api/v2/pages/65538\",\"status\":503,\"times\":1}");
        TestWarden configured = TestWarden.in(dir);
        SimulatedSite.as(sim, SeededUser.Role.ORG_ADMIN).forEach(configured::env);
        try (TestWarden warden = configured.rule("read.js", """
                import { rule, webhook } from 'warden';
                export default rule({ id: 'read', triggers: [webhook('read')], run: ({ confluence }) => {
                  const title = confluence.page('65538').title;
                  try { confluence.page('424242'); } catch (e) { return [title, e.status]; }
                } });
                """).start()) {
            HttpResponse<String> run = warden.post("/hooks/read?wait=20s", "{}", "x-api-key", ADMIN_KEY);
            assertThat(run.statusCode()).as(run.body()).isEqualTo(200);
            assertThat(run.body()).endsWith(",404]");

            String text = warden.get("/metrics", "x-api-key", ADMIN_KEY).body();
            assertThat(sample(text, "warden_confluence_requests_total{status=\"503\"}")).isEqualTo(1.0);
            assertThat(sample(text, "warden_confluence_requests_total{status=\"200\"}")).isEqualTo(1.0);
            assertThat(sample(text, "warden_confluence_requests_total{status=\"404\"}")).isEqualTo(1.0);
        }
    }

    private static double sample(String scrape, String series) {
        return scrape.lines().filter(l -> l.startsWith(series + " ")).findFirst()
                .map(l -> Double.parseDouble(l.substring(series.length() + 1).trim()))
                .orElseThrow(() -> new AssertionError(series + " is not in the scrape:\n" + scrape));
    }
}
