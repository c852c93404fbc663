package dev.warden.leases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import dev.warden.config.DatabaseConfig;
import dev.warden.config.Secret;
import dev.warden.simulator.ConfluenceSimulator;
import dev.warden.simulator.SeededUser;
import dev.warden.simulator.junit.SimulatorExtension;
import dev.warden.store.Database;
import dev.warden.testing.SimulatorControl;
import dev.warden.testing.SimulatorTime;
import dev.warden.testing.SiteAdminKeys;

/** The lease manager against the simulated site over HTTP, counting its admin-key calls in the request log. */
@ExtendWith(SimulatorExtension.class)
class LeaseManagerTest {

    private static final String KEY_PATH = "/wiki/api/v2/admin-key";
    private static final Duration TIMEOUT = Duration.ofMinutes(1);

    @TempDir
    Path dir;
    ConfluenceSimulator simulator;
    SimulatorControl control;
    Database database;
    LeaseStore store;
    final List<String> cancelled = new CopyOnWriteArrayList<>();
    final List<LeaseManager> managers = new ArrayList<>();

    @BeforeEach
    void setUp(ConfluenceSimulator simulator) {
        this.simulator = simulator;
        this.control = new SimulatorControl(simulator);
        database = Database.open(new DatabaseConfig("jdbc:h2:file:" + dir.resolve("db"), "", Secret.empty()), dir);
        store = new LeaseStore(database.dataSource());
    }

    @AfterEach
    void tearDown() {
        managers.forEach(LeaseManager::close);
        database.close();
    }

    private LeaseManager manager(LeasePolicy policy, SeededUser.Role role) {
        return manager(policy, role, "test-instance");
    }

    private LeaseManager manager(LeasePolicy policy, SeededUser.Role role, String instanceId) {
        LeaseManager manager = new LeaseManager(store, new SiteAdminKeys(simulator, simulator.user(role)), policy,
                new SimulatorTime(simulator), simulator.baseUrl(), instanceId, cancelled::add);
        managers.add(manager);
        return manager;
    }

    private LeaseManager manager() {
        return manager(policy(Duration.ZERO), SeededUser.Role.ORG_ADMIN);
    }

    private static LeasePolicy policy(Duration linger) {
        return new LeasePolicy(Set.of("leased"), 30, Duration.ofSeconds(60), linger);
    }

    private boolean keyActive() {
        return new SiteAdminKeys(simulator, simulator.user(SeededUser.Role.ORG_ADMIN)).status().active();
    }

    @Test
    void fiftyOverlappingLeasesCostExactlyOnePostAndOneDelete() throws Exception {
        LeaseManager leases = manager();
        int runs = 50;
        CyclicBarrier allHolding = new CyclicBarrier(runs);
        ExecutorService pool = Executors.newFixedThreadPool(runs);
        List<Future<?>> done = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            String runId = String.format("01RUN%021d", i);
            done.add(pool.submit(() -> {
                Lease lease = leases.acquire("leased", runId, 5, TIMEOUT, null);
                assertThat(leases.holds(runId)).isTrue();
                allHolding.await();
                leases.release(lease);
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        pool.shutdown();
        assertThat(control.requests("POST", KEY_PATH)).hasSize(1);
        assertThat(control.requests("DELETE", KEY_PATH)).hasSize(1);
        assertThat(keyActive()).isFalse();
        assertThat(store.auditTrail(null, "join", 100)).hasSize(runs - 1);
        assertThat(store.auditTrail(null, "release", 100)).hasSize(runs);
    }

    @Test
    void ruleNotOnTheAllowListIsRefusedNamingTheSettingBeforeAnyCall() {
        LeaseManager leases = manager();
        assertThatThrownBy(() -> leases.acquire("other", "01R", 5, TIMEOUT, null))
                .isInstanceOf(LeaseRefusedException.class)
                .hasMessageContaining("adminKey.allowedRules").hasMessageContaining("WARDEN_ADMIN_KEY_ALLOWED_RULES");
        assertThat(control.requests("POST", KEY_PATH)).isEmpty();
        assertThat(store.auditTrail("01R", "refuse", 10)).hasSize(1);
    }

    @Test
    void moreMinutesThanTheSiteAllowsIsRefused() {
        assertThatThrownBy(() -> manager().acquire("leased", "01R", 45, TIMEOUT, null))
                .isInstanceOf(LeaseRefusedException.class).hasMessageContaining("at most 30");
    }

    @Test
    void accountThatIsNotAnAdminFailsTheLeaseAndLeavesNoHolder() {
        LeaseManager leases = manager(policy(Duration.ZERO), SeededUser.Role.USER);
        assertThatThrownBy(() -> leases.acquire("leased", "01R", 5, TIMEOUT, null))
                .isInstanceOf(LeaseRefusedException.class)
                .satisfies(e -> assertThat(((LeaseRefusedException) e).code()).isEqualTo("ENABLE_FAILED"));
        assertThat(leases.holds("01R")).isFalse();
        assertThat(store.locked(simulator.baseUrl(), simulator.clock().now(), LeaseStore.SiteRow::active)).isEmpty();
    }

    @Test
    void keyIsRenewedBeforeItExpiresWhileTheRunStillHoldsIt() {
        simulator.clock().freeze();
        LeaseManager leases = manager();
        leases.acquire("leased", "01R", 2, Duration.ofMinutes(5), null);
        simulator.clock().advance(Duration.ofSeconds(130));
        leases.tick();
        assertThat(control.requests("POST", KEY_PATH)).hasSize(2);
        simulator.clock().advance(Duration.ofMinutes(2));
        assertThat(keyActive()).as("still on past the first expiry").isTrue();
        assertThat(store.auditTrail("01R", "renew", 10)).hasSize(1);
    }

    @Test
    void anEnableAnswerWithoutAnExpiryIsTakenToLastTheMinutesAskedForNotRenewedEverySecond() {
        simulator.clock().freeze();
        Instant before = simulator.clock().now();
        // Confluence (or a provider) answers the POST with no expirationTime, every time.
        control.fault("{\"path\":\"" + KEY_PATH + "\",\"method\":\"POST\",\"status\":200,"
                + "\"body\":\"{\\\"accountId\\\":\\\"acc-1\\\"}\"}");
        LeaseManager leases = manager();
        leases.acquire("leased", "01R", 2, Duration.ofMinutes(5), null);
        for (int second = 0; second < 5; second++) {
            simulator.clock().advance(Duration.ofSeconds(1));
            leases.tick();
        }
        assertThat(control.requests("POST", KEY_PATH)).as("one enable, no renewal a tick").hasSize(1);
        AuditEntry enable = store.auditTrail("01R", "enable", 10).getFirst();
        // Two minutes asked for plus the minute of slack, counted from before the call.
        assertThat(enable.expiresAt()).isEqualTo(before.plus(Duration.ofMinutes(3)));
        assertThat(enable.detail()).contains("named no expiry").contains("3 minutes");
        simulator.clock().advance(Duration.ofSeconds(125));
        leases.tick();
        assertThat(control.requests("POST", KEY_PATH)).as("renewed before the assumed expiry").hasSize(2);
    }

    @Test
    void runThatOutlivesItsMinutesPlusTimeoutIsStopped() {
        simulator.clock().freeze();
        LeaseManager leases = manager();
        leases.acquire("leased", "01R", 1, Duration.ofSeconds(10), null);
        simulator.clock().advance(Duration.ofSeconds(75));
        leases.tick();
        assertThat(cancelled).containsExactly("01R");
        assertThat(store.auditTrail("01R", "overrun", 10)).hasSize(1);
        // A run that does not let go (stuck in a host call) is cancelled again, but audited once, not every second.
        leases.tick();
        leases.tick();
        assertThat(cancelled).containsExactly("01R", "01R", "01R");
        assertThat(store.auditTrail("01R", "overrun", 10)).hasSize(1);
    }

    @Test
    void failingDeleteIsRetriedAndTheKeyIsNeverLeftOnSilently() {
        LeaseManager leases = manager();
        Lease lease = leases.acquire("leased", "01R", 5, TIMEOUT, null);
        control.fault("{\"path\":\"" + KEY_PATH + "\",\"method\":\"DELETE\",\"status\":500,\"times\":10}");
        leases.release(lease);
        assertThat(store.auditTrail(null, "disable-failed", 10)).hasSize(1);
        assertThat(keyActive()).isTrue();
        control.clearFaults();
        leases.retryDisableNow();
        assertThat(keyActive()).isFalse();
        assertThat(store.auditTrail(null, "disable", 10)).hasSize(1);
    }

    @Test
    void transientDeleteFailureIsRetriedWithinTheRelease() {
        LeaseManager leases = manager();
        Lease lease = leases.acquire("leased", "01R", 5, TIMEOUT, null);
        control.fault("{\"path\":\"" + KEY_PATH + "\",\"method\":\"DELETE\",\"status\":503,\"times\":2}");
        leases.release(lease);
        assertThat(control.requests("DELETE", KEY_PATH)).hasSize(3);
        assertThat(keyActive()).isFalse();
    }

    @Test
    void sweepAtStartUpDisablesAKeyACrashedProcessLeftOn() {
        LeaseManager crashed = manager();
        crashed.acquire("leased", "01R", 5, TIMEOUT, null);
        crashed.close();
        assertThat(keyActive()).isTrue();
        LeaseManager restarted = manager();
        restarted.sweep();
        assertThat(keyActive()).isFalse();
        assertThat(store.auditTrail("01R", "sweep-release", 10)).hasSize(1);
        assertThat(store.auditTrail(null, "sweep", 10)).hasSize(1);
    }

    @Test
    void revokeAllDisablesTheKeyCancelsLeasedRunsAndRefusesNewLeasesUntilRestored() {
        LeaseManager leases = manager();
        leases.acquire("leased", "01R", 5, TIMEOUT, null);
        leases.revokeAll("test");
        assertThat(cancelled).containsExactly("01R");
        assertThat(keyActive()).isFalse();
        assertThatThrownBy(() -> leases.acquire("leased", "01S", 5, TIMEOUT, null))
                .isInstanceOf(LeaseRefusedException.class).hasMessageContaining("revoke");
        leases.restore("test");
        Lease again = leases.acquire("leased", "01T", 5, TIMEOUT, null);
        assertThat(keyActive()).isTrue();
        leases.release(again);
    }

    @Test
    void revokeAllDoesNotSayTheKeyIsOffWhileConfluenceFailsTheDelete() {
        LeaseManager leases = manager();
        leases.acquire("leased", "01R", 5, TIMEOUT, null);
        control.fault("{\"path\":\"" + KEY_PATH + "\",\"method\":\"DELETE\",\"status\":500,\"times\":10}");
        assertThat(leases.revokeAll("test")).as("Confluence has not confirmed the key off").isFalse();
        assertThat(keyActive()).isTrue();
        assertThat(store.auditTrail(null, "disable-failed", 10)).hasSize(1);
        control.clearFaults();
        leases.retryDisableNow();
        assertThat(keyActive()).isFalse();
    }

    @Test
    void lingerLetsBackToBackRunsReuseTheKey() {
        simulator.clock().freeze();
        LeaseManager leases = manager(policy(Duration.ofSeconds(2)), SeededUser.Role.ORG_ADMIN);
        leases.release(leases.acquire("leased", "01R", 5, TIMEOUT, null));
        leases.release(leases.acquire("leased", "01S", 5, TIMEOUT, null));
        assertThat(control.requests("POST", KEY_PATH)).hasSize(1);
        assertThat(control.requests("DELETE", KEY_PATH)).isEmpty();
        simulator.clock().advance(Duration.ofSeconds(3));
        leases.tick();
        assertThat(control.requests("DELETE", KEY_PATH)).hasSize(1);
        assertThat(keyActive()).isFalse();
    }

    @Test
    void renewalThatFailsOnceIsRetriedOnTheNextTickSoTheKeyOutlivesItsFirstExpiry() {
        simulator.clock().freeze();
        LeaseManager leases = manager();
        leases.acquire("leased", "01R", 2, Duration.ofMinutes(5), null);
        control.fault("{\"path\":\"" + KEY_PATH + "\",\"method\":\"POST\",\"status\":429,\"retryAfter\":600,"
                + "\"times\":1}");
        simulator.clock().advance(Duration.ofSeconds(130));
        leases.tick();
        assertThat(control.requests("POST", KEY_PATH)).as("the renewal was tried and refused").hasSize(2);
        leases.tick();
        assertThat(control.requests("POST", KEY_PATH)).as("the failed renewal was retried").hasSize(3);
        simulator.clock().advance(Duration.ofMinutes(2));
        assertThat(keyActive()).as("still on past the first expiry").isTrue();
        assertThat(store.auditTrail("01R", "renew", 10)).hasSize(1);
    }

    @Test
    void renewalsFailingPastTheKeysExpiryAreAuditedAsKeyLostForTheRunAndStillRetried() {
        simulator.clock().freeze();
        LeaseManager leases = manager();
        leases.acquire("leased", "01R", 2, Duration.ofMinutes(5), null);
        control.fault("{\"path\":\"" + KEY_PATH + "\",\"method\":\"POST\",\"status\":503}");
        simulator.clock().advance(Duration.ofSeconds(130));
        leases.tick();
        simulator.clock().advance(Duration.ofSeconds(60));
        leases.tick();
        assertThat(keyActive()).as("expired: the renewals failed").isFalse();
        assertThat(store.auditTrail("01R", "key-lost", 10)).hasSize(1);
        control.clearFaults();
        leases.tick();
        assertThat(keyActive()).as("renewed once Confluence answers again").isTrue();
        assertThat(store.auditTrail("01R", "renew", 10)).hasSize(1);
    }

    @Test
    void revokeAllWhileADeadProcessStillHoldsALeaseDeletesOnceAndDoesNotRepeatEveryTick() {
        LeaseManager crashed = manager(policy(Duration.ZERO), SeededUser.Role.ORG_ADMIN, "old-container");
        crashed.acquire("leased", "01R", 5, TIMEOUT, null);
        LeaseManager restarted = manager(policy(Duration.ZERO), SeededUser.Role.ORG_ADMIN, "new-container");
        restarted.sweep();
        restarted.revokeAll("test");
        assertThat(keyActive()).isFalse();
        for (int i = 0; i < 3; i++) {
            restarted.tick();
        }
        assertThat(control.requests("DELETE", KEY_PATH)).hasSize(1);
        assertThat(store.auditTrail(null, "disable", 10)).hasSize(1);
    }

    @Test
    void sweepStillDisablesTheKeyWhenConfluenceCannotSayWhetherItIsOn() {
        LeaseManager crashed = manager();
        crashed.acquire("leased", "01R", 5, TIMEOUT, null);
        control.fault("{\"path\":\"" + KEY_PATH + "\",\"method\":\"GET\",\"status\":500}");
        LeaseManager restarted = manager();
        restarted.sweep();
        control.clearFaults();
        assertThat(keyActive()).isFalse();
        assertThat(store.auditTrail(null, "sweep", 10)).singleElement()
                .satisfies(e -> assertThat(e.detail()).contains("left ENABLED"));
    }

    @Test
    void closingDuringTheLingerDisablesTheKeyNoRunHolds() {
        LeaseManager leases = manager(policy(Duration.ofSeconds(10)), SeededUser.Role.ORG_ADMIN);
        leases.release(leases.acquire("leased", "01R", 5, TIMEOUT, null));
        assertThat(keyActive()).as("lingering").isTrue();
        leases.close();
        assertThat(keyActive()).isFalse();
        assertThat(control.requests("DELETE", KEY_PATH)).hasSize(1);
        assertThat(store.auditTrail(null, "disable", 10)).hasSize(1);
    }

    @Test
    void sweepDisablesAKeyThatIsOnThoughTheStoreRecordsItOff() {
        LeaseManager first = manager();
        first.sweep();
        // A process that enabled the key and died before its record reached the file: the store still says DISABLED.
        new SiteAdminKeys(simulator, simulator.user(SeededUser.Role.ORG_ADMIN)).enable(Duration.ofMinutes(5));
        assertThat(keyActive()).isTrue();
        LeaseManager restarted = manager();
        restarted.sweep();
        assertThat(keyActive()).isFalse();
        assertThat(store.auditTrail(null, "sweep", 10)).singleElement()
                .satisfies(e -> assertThat(e.detail()).contains("on though recorded off"));
    }

    /** Waits until Confluence holds the admin-key call the one-time fault delays (the fault fired, unanswered). */
    private void awaitHeld(String method) throws InterruptedException {
        await("Confluence holds the " + method, () -> control.faults().isEmpty());
    }

    private static void await(String what, java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(condition.getAsBoolean()).as(what).isTrue();
    }

    /**
     * Warden stops while Confluence holds the enable of a run that stopped waiting: the stop does not wait behind that
     * POST; it DELETEs beside it, and the audit trail says the late POST may turn the key on again, and until when.
     */
    @Test
    void closingWhileConfluenceHoldsAnEnableIsPromptDisablesTheKeyAndAuditsUntilWhenItMayBeOn() throws Exception {
        LeaseManager leases = manager();
        control.fault("{\"path\":\"" + KEY_PATH + "\",\"method\":\"POST\",\"delayMs\":3000,\"times\":1}");
        LeaseWait wait = leases.request("leased", "01R", 5, TIMEOUT, null);
        awaitHeld("POST");
        assertThat(wait.abandon("Warden stopping")).isTrue();
        long started = System.nanoTime();
        leases.close();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("the stop did not wait for the POST")
                .isLessThan(Duration.ofSeconds(2));
        assertThat(control.requests("DELETE", KEY_PATH)).hasSize(1);
        assertThat(store.auditTrail(null, "stop", 10)).singleElement().satisfies(e -> assertThat(e.detail())
                .contains("disabled the key", "still unanswered", "at the latest"));
        await("the POST Confluence held, answered late, is undone", () -> control.requests("POST", KEY_PATH).size()
                == 1 && control.requests("DELETE", KEY_PATH).size() == 2 && !keyActive());
    }

    /** The last run out queued a DELETE Confluence holds: the stop DELETEs beside it instead of queueing behind it. */
    @Test
    void closingWhileConfluenceHoldsTheLastReleasesDeleteIsPromptAndDisablesTheKey() throws Exception {
        LeaseManager leases = manager();
        Lease lease = leases.acquire("leased", "01R", 5, TIMEOUT, null);
        control.fault("{\"path\":\"" + KEY_PATH + "\",\"method\":\"DELETE\",\"delayMs\":3000,\"times\":1}");
        leases.releaseLater(lease);
        awaitHeld("DELETE");
        long started = System.nanoTime();
        leases.close();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("the stop did not wait for the held DELETE")
                .isLessThan(Duration.ofSeconds(2));
        assertThat(keyActive()).isFalse();
        assertThat(store.auditTrail(null, "stop", 10)).singleElement().satisfies(e -> assertThat(e.detail())
                .contains("disabled the key"));
        await("the held DELETE is answered", () -> control.requests("DELETE", KEY_PATH).size() == 2);
    }

    /** A DELETE that Confluence answers with 503 every time: the stop gives up within its budget and says so. */
    @Test
    void closingWhenConfluenceFailsTheDeleteAuditsThatTheKeyStaysOnUntilItsExpiry() {
        LeaseManager leases = manager(policy(Duration.ofSeconds(10)), SeededUser.Role.ORG_ADMIN);
        leases.release(leases.acquire("leased", "01R", 5, TIMEOUT, null));
        control.fault("{\"path\":\"" + KEY_PATH + "\",\"method\":\"DELETE\",\"status\":503}");
        leases.close();
        control.clearFaults();
        assertThat(keyActive()).isTrue();
        assertThat(store.auditTrail(null, "stop", 10)).singleElement().satisfies(e -> assertThat(e.detail())
                .contains("could not confirm the key off", "stays on until its expiry (", "next start"));
    }

    /**
     * The store records the key off, no run holds it, and Confluence cannot say whether it is on (a process that died
     * right after enabling may have lost that record): the start disables it anyway, since a DELETE of a key that is
     * off changes nothing and a key left on would have no holder.
     */
    @Test
    void sweepDisablesAKeyRecordedOffWhenConfluenceCannotSayWhetherItIsOn() {
        LeaseManager first = manager();
        first.sweep();
        new SiteAdminKeys(simulator, simulator.user(SeededUser.Role.ORG_ADMIN)).enable(Duration.ofMinutes(5));
        control.fault("{\"path\":\"" + KEY_PATH + "\",\"method\":\"GET\",\"status\":500}");
        LeaseManager restarted = manager();
        restarted.sweep();
        control.clearFaults();
        assertThat(keyActive()).isFalse();
        assertThat(store.auditTrail(null, "sweep", 10)).singleElement()
                .satisfies(e -> assertThat(e.detail()).contains("recorded off", "could not say"));
    }

    /** The same with a DELETE that fails too: the key stays recorded DISABLING and the ticker disables it later. */
    @Test
    void sweepThatCannotDisableAKeyRecordedOffLeavesItForTheTickerToRetry() {
        LeaseManager first = manager();
        first.sweep();
        new SiteAdminKeys(simulator, simulator.user(SeededUser.Role.ORG_ADMIN)).enable(Duration.ofMinutes(5));
        control.fault("{\"path\":\"" + KEY_PATH + "\",\"method\":\"GET\",\"status\":500}");
        control.fault("{\"path\":\"" + KEY_PATH + "\",\"method\":\"DELETE\",\"status\":503}");
        LeaseManager restarted = manager();
        restarted.sweep();
        control.clearFaults();
        assertThat(keyActive()).isTrue();
        restarted.retryDisableNow();
        assertThat(keyActive()).isFalse();
    }

    /**
     * An admin-key plugin whose enable throws an Error (a class its jar lacks): the run is told at once, not when its
     * timeout runs out, and the key, which the call may have turned on, is disabled rather than left recorded
     * ENABLING with no holder.
     */
    @Test
    void aPluginWhoseEnableThrowsAnErrorFailsTheRunAtOnceAndTheKeyIsDisabled() {
        SiteAdminKeys real = new SiteAdminKeys(simulator, simulator.user(SeededUser.Role.ORG_ADMIN));
        dev.warden.plugin.AdminKeyProvider broken = new dev.warden.plugin.AdminKeyProvider() {
            @Override
            public dev.warden.plugin.AdminKeyStatus status() {
                return real.status();
            }

            @Override
            public dev.warden.plugin.AdminKeyStatus enable(Duration duration) {
                throw new NoClassDefFoundError("com/fasterxml/jackson/databind/ObjectMapper");
            }

            @Override
            public void disable() {
                real.disable();
            }
        };
        LeaseManager leases = new LeaseManager(store, broken, policy(Duration.ZERO), new SimulatorTime(simulator),
                simulator.baseUrl(), "test-instance", cancelled::add);
        managers.add(leases);
        long started = System.nanoTime();
        assertThatThrownBy(() -> leases.acquire("leased", "01R", 5, Duration.ofSeconds(8), null))
                .isInstanceOf(LeaseRefusedException.class)
                .hasMessageContaining("the admin-key plugin failed in enable", "NoClassDefFoundError");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("not after the run's 8 s timeout")
                .isLessThan(Duration.ofSeconds(4));
        assertThat(store.auditTrail("01R", "enable-unknown", 10)).hasSize(1);
        assertThat(control.requests("DELETE", KEY_PATH)).hasSize(1);
        assertThat(leases.listed()).isEmpty();
    }
}
