package dev.warden.leases;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import dev.warden.Warden;
import dev.warden.config.ConfigLoader;
import dev.warden.http.Json;
import dev.warden.runs.Run;
import dev.warden.runs.RunStatus;
import dev.warden.runs.TriggerEvent;
import dev.warden.simulator.ConfluenceSimulator;
import dev.warden.simulator.SeededUser;
import dev.warden.simulator.junit.SimulatorExtension;
import dev.warden.testing.SimulatorControl;
import dev.warden.testing.SiteAdminKeys;

/** Leased runs end to end: a real Warden, real rule files, the simulated site over HTTP. */
@ExtendWith(SimulatorExtension.class)
class LeasedRunsTest {

    private static final String KEY_PATH = "/wiki/api/v2/admin-key";
    private static final String API_KEY = "leased-runs-test-admin-key-0123456789";

    @TempDir
    Path dir;
    ConfluenceSimulator simulator;
    SimulatorControl control;
    SeededUser admin;

    @BeforeEach
    void setUp(ConfluenceSimulator simulator) throws Exception {
        this.simulator = simulator;
        this.control = new SimulatorControl(simulator);
        this.admin = simulator.user(SeededUser.Role.ORG_ADMIN);
        Files.createDirectories(dir.resolve("rules"));
        Files.writeString(dir.resolve("rules/leased.js"), """
                import { rule, manual } from 'warden';
                export const leased = rule({ id: 'leased', adminKey: { minutes: 5 }, triggers: [manual()],
                  run({ log }) { log.info('inside the lease'); return 'done'; } });
                export const unlisted = rule({ id: 'unlisted', adminKey: { minutes: 5 }, triggers: [manual()],
                  run({ log }) { log.info('must not run'); } });
                export const spins = rule({ id: 'spins', adminKey: { minutes: 5 }, timeout: '300ms',
                  triggers: [manual()], run() { while (true) {} } });
                export const holdKey = rule({ id: 'hold-key', adminKey: { minutes: 5 }, timeout: '10m',
                  triggers: [manual()], run() { while (true) {} } });
                """);
    }

    private Warden start() {
        return start(Map.of(), Clock.systemUTC());
    }

    private Warden start(Map<String, String> extra, Clock leaseClock) {
        Map<String, String> env = new java.util.HashMap<>(Map.of("WARDEN_PORT", "0", "WARDEN_DATA_DIR",
                dir.resolve("data").toString(), "WARDEN_RULES_DIR", dir.resolve("rules").toString(),
                "WARDEN_ADMIN_KEY_ALLOWED_RULES", "leased,spins,hold-key", "WARDEN_ADMIN_KEY", API_KEY));
        env.putAll(extra);
        return Warden.start(new ConfigLoader(env).load(null), new Warden.AdminKeySource(
                new SiteAdminKeys(simulator, admin), simulator.baseUrl(), leaseClock));
    }

    private static void awaitLease(Warden warden) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (warden.leases().active().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(warden.leases().active()).as("the run holds the lease").isNotEmpty();
    }

    /** How many lease audit lines of this run and action GET /api/v1/leases/audit lists. */
    private static int audited(Warden warden, String runId, String action) {
        try {
            return Json.MAPPER.readTree(java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest
                    .newBuilder(java.net.URI.create("http://127.0.0.1:" + warden.port() + "/api/v1/leases/audit?run="
                            + runId + "&action=" + action)).header("x-api-key", API_KEY).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()).body()).path("entries").size();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void await(String what, java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(condition.getAsBoolean()).as(what).isTrue();
    }

    private boolean keyActive() {
        return new SiteAdminKeys(simulator, admin).status().active();
    }

    private static Run runOnce(Warden warden, String rule) throws Exception {
        Run run = warden.runs().submit(rule, TriggerEvent.manual(null));
        return warden.runs().completion(run.id()).get(30, TimeUnit.SECONDS);
    }

    @Test
    void leasedRunEnablesTheKeyBeforeItStartsAndDisablesItAfter() throws Exception {
        try (Warden warden = start()) {
            Run run = runOnce(warden, "leased");
            assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
            assertThat(control.requests("POST", KEY_PATH)).hasSize(1);
            assertThat(control.requests("DELETE", KEY_PATH)).hasSize(1);
            assertThat(keyActive()).isFalse();
        }
    }

    @Test
    void runRecordLeasesAndAuditAreVisibleThroughTheApi() throws Exception {
        try (Warden warden = start()) {
            Run run = runOnce(warden, "leased");
            java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
            java.util.function.Function<String, JsonNode> get = path -> {
                try {
                    return Json.MAPPER.readTree(http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                            "http://127.0.0.1:" + warden.port() + path)).header("x-api-key", API_KEY).build(),
                            java.net.http.HttpResponse.BodyHandlers.ofString()).body());
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            };
            JsonNode record = get.apply("/api/v1/runs/" + run.id());
            assertThat(record.path("lease")).extracting(e -> e.path("action").asText())
                    .containsExactly("enable", "release");
            assertThat(record.path("lease").get(0).path("expiresAt").asText()).isNotEmpty();
            assertThat(get.apply("/api/v1/leases/audit?action=disable").path("entries")).hasSize(1);
            assertThat(get.apply("/api/v1/audit?trail=leases&run=" + run.id()).path("entries"))
                    .extracting(e -> e.path("action").asText()).containsExactly("release", "enable");
            assertThat(get.apply("/api/v1/leases").path("leases")).isEmpty();
            int status = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:"
                    + warden.port() + "/api/v1/leases/revoke-all")).header("x-api-key", API_KEY).POST(java.net.http.HttpRequest.BodyPublishers
                    .noBody()).build(), java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode();
            assertThat(status).isEqualTo(200);
            assertThat(get.apply("/api/v1/leases").path("revoked").asBoolean()).isTrue();
        }
    }

    @Test
    void ruleNotOnTheAllowListFailsBeforeItsCodeRunsNamingTheSetting() throws Exception {
        try (Warden warden = start()) {
            Run run = runOnce(warden, "unlisted");
            assertThat(run.status()).isEqualTo(RunStatus.FAILED);
            assertThat(run.error()).contains("LEASE_NOT_ALLOWED").contains("adminKey.allowedRules");
            assertThat(run.logs()).doesNotContain("must not run");
            assertThat(control.requests("POST", KEY_PATH)).isEmpty();
        }
    }

    @Test
    void timedOutLeasedRunReleasesItsLease() throws Exception {
        try (Warden warden = start()) {
            Run run = runOnce(warden, "spins");
            assertThat(run.status()).isEqualTo(RunStatus.TIMED_OUT);
            assertThat(keyActive()).isFalse();
            assertThat(warden.leases().active()).isEmpty();
        }
    }

    /** The lease routes' answers, with a lease held and after a revocation, have the OpenAPI document's shapes. */
    @Test
    void leaseAnswersWithALeaseHeldAndAfterRevocationMatchTheOpenApiSchemas() throws Exception {
        try (Warden warden = start()) {
            java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
            java.util.function.BiFunction<String, String, java.net.http.HttpResponse<String>> call = (method, path) -> {
                try {
                    return http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:"
                            + warden.port() + path)).header("x-api-key", API_KEY)
                            .method(method, java.net.http.HttpRequest.BodyPublishers.noBody()).build(),
                            java.net.http.HttpResponse.BodyHandlers.ofString());
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            };
            dev.warden.http.SchemaCheck check = new dev.warden.http.SchemaCheck(
                    Json.MAPPER.readTree(call.apply("GET", "/api/openapi.json").body()));
            Run run = warden.runs().submit("hold-key", TriggerEvent.manual(null));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (warden.leases().active().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            JsonNode held = check.conforms("GET", "/api/v1/leases", call.apply("GET", "/api/v1/leases"), 200);
            assertThat(held.path("leases")).as(held.toString()).hasSize(1);
            JsonNode record = check.conforms("GET", "/api/v1/runs/{id}", call.apply("GET", "/api/v1/runs/"
                    + run.id()), 200);
            assertThat(record.path("lease")).as(record.toString()).isNotEmpty();
            check.conforms("GET", "/api/v1/leases/audit", call.apply("GET", "/api/v1/leases/audit"), 200);
            check.conforms("POST", "/api/v1/leases/revoke-all", call.apply("POST", "/api/v1/leases/revoke-all"), 200);
            assertThat(warden.runs().completion(run.id()).get(10, TimeUnit.SECONDS).status())
                    .isEqualTo(RunStatus.CANCELLED);
            JsonNode revoked = check.conforms("GET", "/api/v1/leases", call.apply("GET", "/api/v1/leases"), 200);
            assertThat(revoked.path("revoked").asBoolean()).isTrue();
            check.conforms("GET", "/api/v1/leases/audit", call.apply("GET", "/api/v1/leases/audit"), 200);
        }
    }

    @Test
    void revokeAllCancelsALeasedRunAndDisablesTheKey() throws Exception {
        try (Warden warden = start()) {
            Run run = warden.runs().submit("hold-key", TriggerEvent.manual(null));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (warden.leases().active().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(keyActive()).isTrue();
            warden.leases().revokeAll("test");
            Run ended = warden.runs().completion(run.id()).get(10, TimeUnit.SECONDS);
            assertThat(ended.status()).isEqualTo(RunStatus.CANCELLED);
            assertThat(keyActive()).isFalse();
            Run refused = runOnce(warden, "leased");
            assertThat(refused.error()).contains("LEASE_REVOKED");
        }
    }

    /** Starts a Warden in a child process, lets its hold-key run take the lease, and kills it with -9. */
    private void killNineMidLease() throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process child = new ProcessBuilder(List.of(java, "-Xmx512m", "-Dpolyglot.engine.WarnInterpreterOnly=false",
                "-cp", System.getProperty("java.class.path"), "dev.warden.testing.LeasedWardenMain",
                simulator.baseUrl(), admin.email(), admin.token(), dir.resolve("data").toString(),
                dir.resolve("rules").toString())).redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null && !line.equals("LEASED")) {
                // Skip the child's start-up logging.
            }
            assertThat(line).as("the child reached the lease").isEqualTo("LEASED");
            assertThat(keyActive()).isTrue();
            child.destroyForcibly();
            assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(keyActive()).as("kill -9 leaves the key on").isTrue();
    }

    @Test
    void killNineMidLeaseEndsWithTheKeyDisabledWithinTenSecondsOfTheNextStart() throws Exception {
        killNineMidLease();
        long started = System.nanoTime();
        try (Warden restarted = start()) {
            assertThat(keyActive()).isFalse();
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
        }
    }

    @Test
    void wardenStartsAndDisablesAKeyLeftOnEvenWhenConfluenceCannotReportTheKeysStatus() throws Exception {
        killNineMidLease();
        control.fault("{\"path\":\"" + KEY_PATH + "\",\"method\":\"GET\",\"status\":500}");
        try (Warden restarted = start()) {
            assertThat(restarted.leases()).isNotNull();
            control.clearFaults();
            assertThat(keyActive()).isFalse();
        }
    }

    @Test
    void stoppingWardenWhileTheKeyLingersDisablesIt() throws Exception {
        try (Warden warden = start(Map.of("WARDEN_ADMIN_KEY_LINGER", "10s"), Clock.systemUTC())) {
            Run run = runOnce(warden, "leased");
            assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
            assertThat(keyActive()).as("lingering for the next run").isTrue();
        }
        assertThat(keyActive()).as("disabled when Warden stopped").isFalse();
        assertThat(control.requests("DELETE", KEY_PATH)).hasSize(1);
    }

    @Test
    void runThatLostTheKeyToFailingRenewalsGetsAWarningInItsLogAndTheKeyIsRenewedOnceConfluenceAnswers()
            throws Exception {
        simulator.clock().freeze();
        try (Warden warden = start(Map.of(), new dev.warden.testing.SimulatorTime(simulator))) {
            Run run = warden.runs().submit("hold-key", TriggerEvent.manual(null));
            awaitLease(warden);
            control.fault("{\"path\":\"" + KEY_PATH + "\",\"method\":\"POST\",\"status\":503}");
            simulator.clock().advance(Duration.ofMinutes(7));
            await("the lost key is audited", () -> audited(warden, run.id(), "key-lost") > 0);
            control.clearFaults();
            await("the key is renewed", () -> audited(warden, run.id(), "renew") > 0);
            assertThat(keyActive()).isTrue();
            warden.runs().cancel(run.id());
            Run ended = warden.runs().completion(run.id()).get(30, TimeUnit.SECONDS);
            assertThat(ended.logs()).contains("WARN").contains("while this run held it");
        }
    }

    /**
     * A run cancelled while its request for the key is still being decided (the site's row lock, held here, holds it
     * up) neither waits for the key nor runs yet: the engine keeps the cancel for the run's start, which never comes
     * once the run ends CANCELLED off the engine. That kept cancel must go with the run, not stay for good.
     */
    @Test
    void aRunCancelledBeforeItWaitsForTheKeyLeavesNoCancelBehindOnceItEnded() throws Exception {
        try (Warden warden = start()) {
            LeaseStore store = new LeaseStore(warden.database().dataSource());
            CountDownLatch locked = new CountDownLatch(1);
            CountDownLatch unlock = new CountDownLatch(1);
            Thread rowLock = Thread.ofVirtual().start(() -> store.locked(simulator.baseUrl(), java.time.Instant.now(),
                    row -> {
                        locked.countDown();
                        try {
                            unlock.await(20, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        return null;
                    }));
            assertThat(locked.await(10, TimeUnit.SECONDS)).isTrue();
            // Confluence takes its time over the enable, so that the cancel finds the run waiting for it.
            control.fault("{\"path\":\"" + KEY_PATH + "\",\"method\":\"POST\",\"delayMs\":2000,\"times\":1}");
            Run run = warden.runs().submit("leased", TriggerEvent.manual(null));
            Thread.sleep(300);
            CompletableFuture<Optional<Run>> cancel = CompletableFuture.supplyAsync(() -> warden.runs()
                    .cancel(run.id()));
            Thread.sleep(300);
            unlock.countDown();
            rowLock.join();
            Run ended = cancel.get(30, TimeUnit.SECONDS).orElseThrow();
            assertThat(ended.status()).as(String.valueOf(ended.error())).isEqualTo(RunStatus.CANCELLED);
            assertThat(ended.error()).contains("waited for the admin key");
            assertThat(warden.runs().cancelsAwaitingStart()).as("no cancel left behind").isZero();
            await("the late enable is undone", () -> control.requests("POST", KEY_PATH).size() == 1
                    && !keyActive());
        }
    }
}
