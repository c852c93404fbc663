package dev.warden.leases;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import dev.warden.runs.Run;
import dev.warden.runs.RunStatus;
import dev.warden.runs.TriggerEvent;
import dev.warden.simulator.ConfluenceSimulator;
import dev.warden.simulator.SeededUser;
import dev.warden.simulator.junit.SimulatorExtension;
import dev.warden.testing.SimpleWarden;
import dev.warden.testing.SimulatedSite;
import dev.warden.testing.SimulatorControl;
import dev.warden.testing.SiteAdminKeys;

/**
 * A Confluence that takes its time over the admin-key POST (the simulator delays it): the real admin-key plugin, the
 * real outbound client, a real Warden answering over HTTP. Nothing else may wait for that POST.
 */
@ExtendWith(SimulatorExtension.class)
class HangingConfluenceTest {

    private static final String KEY_PATH = "/wiki/api/v2/admin-key";

    @TempDir
    Path dir;
    ConfluenceSimulator simulator;
    SimulatorControl control;
    Map<String, String> env;

    @BeforeEach
    void setUp(ConfluenceSimulator simulator) throws Exception {
        this.simulator = simulator;
        this.control = new SimulatorControl(simulator);
        Files.createDirectories(dir.resolve("rules"));
        Files.writeString(dir.resolve("rules/rules.js"), """
                import { rule, manual } from 'warden';
                export const leased = rule({ id: 'leased', adminKey: { minutes: 5 }, triggers: [manual()],
                  run({ confluence }) { return confluence.page('65552').title; } });
                export const quick = rule({ id: 'quick', adminKey: { minutes: 5 }, timeout: '1s', triggers: [manual()],
                  run() { return 'done'; } });
                export const spins = rule({ id: 'spins', adminKey: { minutes: 5 }, triggers: [manual()],
                  run() { const end = Date.now() + 3000; while (Date.now() < end) {} return 'spun'; } });
                export const longer = rule({ id: 'longer', adminKey: { minutes: 30 }, triggers: [manual()],
                  run() { return 'done'; } });
                export const budget = rule({ id: 'budget', adminKey: { minutes: 5 }, timeout: '4s', triggers: [manual()],
                  run() { const end = Date.now() + 2500; while (Date.now() < end) {} return 'spun'; } });
                export const reads = rule({ id: 'reads', triggers: [manual()],
                  run({ confluence }) { return confluence.page('65538').title; } });
                """);
    }

    private SimpleWarden start() {
        return start(2);
    }

    private SimpleWarden start(int workers) {
        Map<String, String> env = SimulatedSite.full(simulator, dir);
        env.put("WARDEN_ADMIN_KEY_ALLOWED_RULES", "leased,quick,spins,longer,budget");
        env.put("WARDEN_ENGINE_WORKERS", String.valueOf(workers));
        this.env = env;
        return new SimpleWarden(dir, env).start();
    }

    /** Starts Warden again on the data of the last start. */
    private SimpleWarden restart() {
        return new SimpleWarden(dir, env).start();
    }

    /** Makes Confluence answer the next admin-key POST only after this long, and waits until a POST is held. */
    private Run holdTheNextEnable(Duration delay, SimpleWarden warden, String rule) throws Exception {
        control.fault("{\"path\":\"" + KEY_PATH + "\",\"method\":\"POST\",\"delayMs\":" + delay.toMillis()
                + ",\"times\":1}");
        int answered = heldPosts();
        Run run = warden.warden().runs().submit(rule, TriggerEvent.manual(null));
        // A fault that fired its one time is gone from the list, while its POST is not answered (logged) yet.
        await("Confluence holds the enable", () -> control.faults().isEmpty() && heldPosts() == answered);
        return run;
    }

    private int heldPosts() {
        return control.requests("POST", KEY_PATH).size();
    }

    private boolean keyActive() {
        return new SiteAdminKeys(simulator, simulator.user(SeededUser.Role.ORG_ADMIN)).status().active();
    }

    private static void await(String what, java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(condition.getAsBoolean()).as(what).isTrue();
    }

    @Test
    void theKillSwitchAnswersWhileAnEnableHangs() throws Exception {
        try (SimpleWarden warden = start()) {
            Run held = holdTheNextEnable(Duration.ofSeconds(8), warden, "leased");
            long started = System.nanoTime();
            SimpleWarden.Response revoked = CompletableFuture.supplyAsync(
                    () -> warden.post("/api/v1/leases/revoke-all", "")).get(20, TimeUnit.SECONDS);
            assertThat(revoked.status()).as(revoked.body()).isEqualTo(200);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).as("the kill switch answered at once")
                    .isLessThan(Duration.ofSeconds(4));
            await("the hung run ends", () -> warden.warden().leases().active().isEmpty()
                    && heldPosts() == 1);
            await("the key is off", () -> !keyActive());
            Run run = warden.warden().runs().completion(held.id()).get(30, TimeUnit.SECONDS);
            assertThat(run.status()).isEqualTo(RunStatus.FAILED);
            assertThat(run.error()).contains("LEASE_REVOKED");
            for (JsonNode request : control.requestLog()) {
                assertThat(request.path("headers").has("atl-confluence-with-admin-key"))
                        .as("no request carried the admin-key header after the kill switch").isFalse();
            }
        }
    }

    /**
     * Two workers: one run holds the key and ends, another waits for Confluence to renew it for longer. The holder's
     * release must not wait for that renewal, or its worker stays taken and a run that needs no key waits too.
     */
    @Test
    void runsWithoutALeaseDoNotWaitForAHangingEnable() throws Exception {
        try (SimpleWarden warden = start()) {
            Run holder = warden.warden().runs().submit("spins", TriggerEvent.manual(null));
            await("the first run holds the key", () -> warden.warden().leases().holds(holder.id()));
            holdTheNextEnable(Duration.ofSeconds(10), warden, "longer");
            long started = System.nanoTime();
            assertThat(warden.warden().leases().holds(holder.id())).as("the holder keeps the header").isTrue();
            Run reads = warden.warden().runs().submit("reads", TriggerEvent.manual(null));
            Run done = warden.warden().runs().completion(reads.id()).get(30, TimeUnit.SECONDS);
            assertThat(done.status()).as(String.valueOf(done.error())).isEqualTo(RunStatus.SUCCEEDED);
            assertThat(warden.get("/api/v1/leases").status()).isEqualTo(200);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).as("nothing waited for the renewal")
                    .isLessThan(Duration.ofSeconds(6));
            assertThat(warden.warden().runs().completion(holder.id()).get(30, TimeUnit.SECONDS).status())
                    .isEqualTo(RunStatus.SUCCEEDED);
        }
    }

    private void awaitRunning(SimpleWarden warden, Run run) throws InterruptedException {
        await("run " + run.id() + " started", () -> warden.warden().runs().get(run.id()).orElseThrow().status()
                == RunStatus.RUNNING);
    }

    /**
     * Two workers, two leased runs waiting for an enable Confluence holds: they wait off the workers, so a run that
     * needs no key starts at once instead of after the POST.
     */
    @Test
    void aRunThatNeedsNoKeyIsNotHeldUpByRunsWaitingForAHangingKey() throws Exception {
        try (SimpleWarden warden = start()) {
            Run first = holdTheNextEnable(Duration.ofSeconds(12), warden, "leased");
            Run second = warden.warden().runs().submit("leased", TriggerEvent.manual(null));
            awaitRunning(warden, first);
            awaitRunning(warden, second);
            long started = System.nanoTime();
            Run reads = warden.warden().runs().submit("reads", TriggerEvent.manual(null));
            Run done = warden.warden().runs().completion(reads.id()).get(30, TimeUnit.SECONDS);
            assertThat(done.status()).as(String.valueOf(done.error())).isEqualTo(RunStatus.SUCCEEDED);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).as("the run needing no key did not wait")
                    .isLessThan(Duration.ofSeconds(4));
            assertThat(warden.warden().leases().holds(first.id())).as("no header before the key is on").isFalse();
            for (Run run : new Run[] {first, second}) {
                Run ended = warden.warden().runs().completion(run.id()).get(30, TimeUnit.SECONDS);
                assertThat(ended.status()).as(String.valueOf(ended.error())).isEqualTo(RunStatus.SUCCEEDED);
                assertThat(ended.result()).as("read under the key").contains("Salaries 2026");
            }
            assertThat(heldPosts()).as("the second run shared the first run's POST").isEqualTo(1);
        }
    }

    /**
     * A run cancelled while Confluence holds its enable ends CANCELLED at once, its lease is gone from the listing,
     * and the key, turned on when the POST finally ends, is disabled since nobody holds it.
     */
    @Test
    void aRunCancelledWhileWaitingForTheKeyEndsCancelledAndLetsTheKeyGo() throws Exception {
        try (SimpleWarden warden = start()) {
            Run held = holdTheNextEnable(Duration.ofSeconds(8), warden, "leased");
            awaitRunning(warden, held);
            long started = System.nanoTime();
            SimpleWarden.Response cancelled = warden.post("/api/v1/runs/" + held.id() + "/cancel", "");
            assertThat(cancelled.status()).as(cancelled.body()).isEqualTo(200);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).as("the cancel did not wait for Confluence")
                    .isLessThan(Duration.ofSeconds(4));
            assertThat(cancelled.json().path("status").asText()).isEqualTo("CANCELLED");
            Run run = warden.warden().runs().completion(held.id()).get(5, TimeUnit.SECONDS);
            assertThat(run.status()).isEqualTo(RunStatus.CANCELLED);
            assertThat(run.error()).contains("waited for the admin key");
            assertThat(warden.get("/api/v1/leases").json().path("leases")).as("its lease is released").isEmpty();
            assertThat(warden.get("/api/v1/leases/audit?run=" + held.id() + "&action=release").json()
                    .path("entries")).hasSize(1);
            await("the key the late POST turned on is disabled", () -> heldPosts() == 1
                    && control.requests("DELETE", KEY_PATH).size() == 1 && !keyActive());
            assertThat(warden.warden().leases().holds(held.id())).isFalse();
            assertThat(warden.warden().runs().get(held.id()).orElseThrow().status()).isEqualTo(RunStatus.CANCELLED);
        }
    }

    /**
     * One worker: the last holder out queues the DELETE, which Confluence holds. The worker does not wait for it, so a
     * run that needs no key starts at once; the leased run ends once the DELETE did.
     */
    @Test
    void aRunThatNeedsNoKeyIsNotHeldUpByALastReleaseWaitingForAHangingDelete() throws Exception {
        try (SimpleWarden warden = start(1)) {
            control.fault("{\"path\":\"" + KEY_PATH + "\",\"method\":\"DELETE\",\"delayMs\":8000,\"times\":1}");
            Run leased = warden.warden().runs().submit("leased", TriggerEvent.manual(null));
            await("Confluence holds the DELETE", () -> control.faults().isEmpty());
            long started = System.nanoTime();
            Run reads = warden.warden().runs().submit("reads", TriggerEvent.manual(null));
            Run done = warden.warden().runs().completion(reads.id()).get(30, TimeUnit.SECONDS);
            assertThat(done.status()).as(String.valueOf(done.error())).isEqualTo(RunStatus.SUCCEEDED);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).as("the worker did not wait for the DELETE")
                    .isLessThan(Duration.ofSeconds(4));
            Run ended = warden.warden().runs().completion(leased.id()).get(30, TimeUnit.SECONDS);
            assertThat(ended.status()).as(String.valueOf(ended.error())).isEqualTo(RunStatus.SUCCEEDED);
            assertThat(control.requests("DELETE", KEY_PATH)).as("its end waited for the DELETE").hasSize(1);
            assertThat(keyActive()).isFalse();
        }
    }

    /** Stopping Warden cancels a run waiting for the key, as it cancels running ones, instead of waiting for it. */
    @Test
    void aRunWaitingForTheKeyWhenWardenStopsEndsCancelledSayingSo() throws Exception {
        CompletableFuture<Run> ended;
        try (SimpleWarden warden = start()) {
            Run held = holdTheNextEnable(Duration.ofSeconds(30), warden, "leased");
            awaitRunning(warden, held);
            ended = warden.warden().runs().completion(held.id());
        }
        Run run = ended.get(5, TimeUnit.SECONDS);
        assertThat(run.status()).as(String.valueOf(run.error())).isEqualTo(RunStatus.CANCELLED);
        assertThat(run.error()).contains("while it waited for the admin key because Warden was stopping");
    }

    @Test
    void aRunJoiningWhileTheEnableHangsGetsTheHeaderOnlyOnceTheKeyIsOnAndSharesTheOnePost() throws Exception {
        try (SimpleWarden warden = start()) {
            Run first = holdTheNextEnable(Duration.ofSeconds(4), warden, "leased");
            Run joiner = warden.warden().runs().submit("leased", TriggerEvent.manual(null));
            Thread.sleep(1000);
            assertThat(warden.warden().leases().holds(first.id())).isFalse();
            assertThat(warden.warden().leases().holds(joiner.id())).as("no header before the key is on").isFalse();
            for (Run run : new Run[] {first, joiner}) {
                Run done = warden.warden().runs().completion(run.id()).get(30, TimeUnit.SECONDS);
                assertThat(done.status()).as(String.valueOf(done.error())).isEqualTo(RunStatus.SUCCEEDED);
                assertThat(done.result()).as("read under the key").contains("Salaries 2026");
            }
            assertThat(heldPosts()).as("the joiner shared the first run's POST").isEqualTo(1);
        }
    }

    @Test
    void anEnableThatOutlastsTheRunTimeoutFailsTheRunAndLeavesTheKeyRecorded() throws Exception {
        try (SimpleWarden warden = start()) {
            long started = System.nanoTime();
            control.fault("{\"path\":\"" + KEY_PATH + "\",\"method\":\"POST\",\"delayMs\":6000,\"times\":1}");
            Run run = warden.warden().runs().submit("quick", TriggerEvent.manual(null));
            Run ended = warden.warden().runs().completion(run.id()).get(20, TimeUnit.SECONDS);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).as("bounded by the rule's 1 s timeout")
                    .isLessThan(Duration.ofSeconds(4));
            assertThat(ended.status()).isEqualTo(RunStatus.FAILED);
            assertThat(ended.error()).contains("LEASE_ENABLE_TIMEOUT").contains("timeout");
            JsonNode audit = warden.get("/api/v1/leases/audit?run=" + run.id() + "&action=enable-timeout").json();
            assertThat(audit.path("entries")).hasSize(1);
            assertThat(audit.path("entries").get(0).path("detail").asText()).contains("ENABLING");
            await("the late enable is undone", () -> control.requests("DELETE", KEY_PATH).size() == 1
                    && !keyActive());
            assertThat(warden.get("/api/v1/leases").json().path("leases")).isEmpty();
        }
    }

    /** The rule's timeout bounds the run as a whole: a slow enable leaves the rule's code less of it, not all again. */
    @Test
    void theWaitForASlowEnableComesOutOfTheRulesTimeout() throws Exception {
        try (SimpleWarden warden = start()) {
            control.fault("{\"path\":\"" + KEY_PATH + "\",\"method\":\"POST\",\"delayMs\":2500,\"times\":1}");
            long started = System.nanoTime();
            Run run = warden.warden().runs().submit("budget", TriggerEvent.manual(null));
            Run ended = warden.warden().runs().completion(run.id()).get(20, TimeUnit.SECONDS);
            assertThat(ended.status()).as(String.valueOf(ended.error())).isEqualTo(RunStatus.TIMED_OUT);
            assertThat(ended.error()).contains("timeout of 4s", "waiting for the admin key took");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).as("about the rule's 4 s, not 2.5 s + 4 s")
                    .isLessThan(Duration.ofMillis(6000));
        }
    }

    /**
     * Stopping Warden while Confluence holds an enable: the stop neither waits for that POST nor leaves the key to
     * chance. The runs stop first (the waiting one lets go), then the key is DELETEd beside the held POST; the audit
     * trail says the POST may still turn the key on, and until when; the next start disables what it turned on.
     */
    @Test
    void stoppingWhileConfluenceHoldsAnEnableIsPromptAndTheNextStartDisablesWhatTheLatePostTurnedOn()
            throws Exception {
        long started;
        try (SimpleWarden warden = start()) {
            Run held = holdTheNextEnable(Duration.ofSeconds(4), warden, "leased");
            awaitRunning(warden, held);
            started = System.nanoTime();
        }
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("the stop did not wait for the POST")
                .isLessThan(Duration.ofSeconds(4));
        assertThat(control.requests("DELETE", KEY_PATH)).as("disabled beside the held POST").hasSize(1);
        await("the held POST turned the key on", () -> heldPosts() == 1 && keyActive());
        try (SimpleWarden warden = restart()) {
            assertThat(keyActive()).as("the start disabled it").isFalse();
            JsonNode stop = warden.get("/api/v1/leases/audit?action=stop").json().path("entries");
            assertThat(stop).hasSize(1);
            assertThat(stop.get(0).path("detail").asText()).contains("disabled the key", "still unanswered",
                    "at the latest", "the next start disables it");
        }
    }

    /**
     * Runs waiting for an enable Confluence holds are RUNNING (a worker took them, they hold none now) but run no code:
     * the run API says since when each waits for the admin key, and once the key came the run's log says how long.
     */
    @Test
    void aRunWaitingForAHangingEnableSaysSoInTheApiAndItsLogSaysHowLongItWaited() throws Exception {
        try (SimpleWarden warden = start()) {
            Run first = holdTheNextEnable(Duration.ofSeconds(8), warden, "leased");
            Run second = warden.warden().runs().submit("leased", TriggerEvent.manual(null));
            awaitRunning(warden, first);
            awaitRunning(warden, second);
            await("both wait for the key", () -> warden.warden().runs().waitingForAdminKeySince(first.id()) != null
                    && warden.warden().runs().waitingForAdminKeySince(second.id()) != null);
            JsonNode listed = warden.get("/api/v1/runs?rule=leased").json().path("runs");
            assertThat(listed).hasSize(2);
            for (JsonNode run : listed) {
                assertThat(run.path("status").asText()).isEqualTo("RUNNING");
                assertThat(java.time.Instant.parse(run.path("waitingForAdminKeySince").asText()))
                        .isAfterOrEqualTo(java.time.Instant.parse(run.path("createdAt").asText()));
            }
            assertThat(warden.get("/api/v1/runs/" + first.id()).json().has("waitingForAdminKeySince")).isTrue();
            Run done = warden.warden().runs().completion(first.id()).get(30, TimeUnit.SECONDS);
            assertThat(done.status()).as(String.valueOf(done.error())).isEqualTo(RunStatus.SUCCEEDED);
            assertThat(done.logs()).contains("for Confluence to enable the admin key");
            JsonNode after = warden.get("/api/v1/runs/" + first.id()).json();
            assertThat(after.has("waitingForAdminKeySince")).as("not once the key came").isFalse();
            assertThat(after.path("logs").get(0).path("message").asText()).startsWith("waited ");
            warden.warden().runs().completion(second.id()).get(30, TimeUnit.SECONDS);
        }
    }
}
