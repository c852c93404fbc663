package dev.warden.leases;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import dev.warden.Warden;
import dev.warden.config.ConfigLoader;
import dev.warden.config.DatabaseConfig;
import dev.warden.config.Secret;
import dev.warden.http.Json;
import dev.warden.simulator.ConfluenceSimulator;
import dev.warden.simulator.SeededUser;
import dev.warden.simulator.junit.SimulatorExtension;
import dev.warden.store.Database;
import dev.warden.testing.SimulatorControl;
import dev.warden.testing.SiteAdminKeys;

/** Two Warden processes on one PostgreSQL database share the holder count: one key, one POST, one DELETE. */
@ExtendWith(SimulatorExtension.class)
class SharedLeasesOnPostgresTest {

    private static final String KEY_PATH = "/wiki/api/v2/admin-key";
    private static final String API_KEY = "shared-leases-test-admin-key-0123456789";

    @TempDir
    Path dir;

    /** One process's pool on the shared database (each with its own data folder). */
    private Database open(EmbeddedPostgres postgres, String process) {
        return Database.open(new DatabaseConfig(postgres.getJdbcUrl("postgres", "postgres"), "postgres",
                Secret.empty()), dir.resolve(process));
    }

    @Test
    void holdersInTwoProcessesShareOneKeyThroughTheStore(ConfluenceSimulator simulator) throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
             Database one = open(postgres, "one");
             Database two = open(postgres, "two")) {
            SeededUser admin = simulator.user(SeededUser.Role.ORG_ADMIN);
            LeasePolicy policy = new LeasePolicy(Set.of("leased"), 60, Duration.ofSeconds(60), Duration.ZERO);
            LeaseManager first = new LeaseManager(new LeaseStore(one.dataSource()), new SiteAdminKeys(simulator, admin),
                    policy, Clock.systemUTC(), simulator.baseUrl(), "instance-one", id -> { });
            LeaseManager second = new LeaseManager(new LeaseStore(two.dataSource()),
                    new SiteAdminKeys(simulator, admin), policy, Clock.systemUTC(), simulator.baseUrl(),
                    "instance-two", id -> { });
            Lease a = first.acquire("leased", "01RUNONE", 5, Duration.ofMinutes(1), null);
            Lease b = second.acquire("leased", "01RUNTWO", 5, Duration.ofMinutes(1), null);
            first.release(a);
            SimulatorControl control = new SimulatorControl(simulator);
            assertThat(control.requests("DELETE", KEY_PATH)).as("the other process still holds the key").isEmpty();
            assertThat(new SiteAdminKeys(simulator, admin).status().active()).isTrue();
            second.release(b);
            assertThat(control.requests("POST", KEY_PATH)).hasSize(1);
            assertThat(control.requests("DELETE", KEY_PATH)).hasSize(1);
            assertThat(new SiteAdminKeys(simulator, admin).status().active()).isFalse();
            first.close();
            second.close();
        }
    }

    @Test
    void aLeaseLeftByADeadProcessUnderAnotherInstanceIdIsReleasedOnceStaleAndTheLastLiveHolderDisablesTheKey(
            ConfluenceSimulator simulator) throws Exception {
        simulator.clock().freeze();
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
             Database one = open(postgres, "one");
             Database two = open(postgres, "two")) {
            SeededUser admin = simulator.user(SeededUser.Role.ORG_ADMIN);
            LeasePolicy policy = new LeasePolicy(Set.of("leased"), 60, Duration.ofSeconds(60), Duration.ZERO);
            java.time.Clock time = new dev.warden.testing.SimulatorTime(simulator);
            LeaseStore storeOne = new LeaseStore(one.dataSource());
            LeaseStore storeTwo = new LeaseStore(two.dataSource());
            LeaseManager dead = new LeaseManager(storeOne, new SiteAdminKeys(simulator, admin), policy, time,
                    simulator.baseUrl(), "old-container:/data", id -> { });
            dead.acquire("leased", "01RUNDEAD", 1, Duration.ofMinutes(1), null);
            // The process dies without releasing; it comes back with another host name, so its sweep misses it.
            LeaseManager alive = new LeaseManager(storeTwo, new SiteAdminKeys(simulator, admin), policy, time,
                    simulator.baseUrl(), "other-instance", id -> { });
            Lease held = alive.acquire("leased", "01RUNALIVE", 5, Duration.ofMinutes(30), null);
            LeaseManager restarted = new LeaseManager(storeOne, new SiteAdminKeys(simulator, admin), policy, time,
                    simulator.baseUrl(), "new-container:/data", id -> { });
            restarted.sweep();
            simulator.clock().advance(Duration.ofMinutes(10));
            alive.tick();
            restarted.tick();
            assertThat(storeOne.auditTrail("01RUNDEAD", "stale-release", 10)).hasSize(1);
            assertThat(storeOne.auditTrail("01RUNALIVE", "stale-release", 10)).as("its holder heartbeats").isEmpty();
            SimulatorControl control = new SimulatorControl(simulator);
            assertThat(control.requests("DELETE", KEY_PATH)).as("the live holder still holds the key").isEmpty();
            alive.release(held);
            assertThat(control.requests("DELETE", KEY_PATH)).as("the last live holder out disables the key")
                    .hasSize(1);
            assertThat(new SiteAdminKeys(simulator, admin).status().active()).isFalse();
            dead.close();
            alive.close();
            restarted.close();
        }
    }

    @Test
    void leasesListsEveryInstancesLeases(ConfluenceSimulator simulator) throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
             Database two = open(postgres, "two")) {
            SeededUser admin = simulator.user(SeededUser.Role.ORG_ADMIN);
            Files.createDirectories(dir.resolve("rules"));
            Map<String, String> env = new HashMap<>(Map.of("WARDEN_PORT", "0", "WARDEN_DATA_DIR",
                    dir.resolve("one").toString(), "WARDEN_RULES_DIR", dir.resolve("rules").toString(),
                    "WARDEN_ADMIN_KEY_ALLOWED_RULES", "leased", "WARDEN_ADMIN_KEY", API_KEY,
                    "WARDEN_DB_URL", postgres.getJdbcUrl("postgres", "postgres"), "WARDEN_DB_USER", "postgres"));
            try (Warden warden = Warden.start(new ConfigLoader(env).load(null), new Warden.AdminKeySource(
                    new SiteAdminKeys(simulator, admin), simulator.baseUrl(), Clock.systemUTC()))) {
                LeasePolicy policy = new LeasePolicy(Set.of("leased"), 60, Duration.ofSeconds(60), Duration.ZERO);
                LeaseManager other = new LeaseManager(new LeaseStore(two.dataSource()),
                        new SiteAdminKeys(simulator, admin), policy, Clock.systemUTC(), simulator.baseUrl(),
                        "instance-two", id -> { });
                Lease theirs = other.acquire("leased", "01RUNTWO", 5, Duration.ofMinutes(1), null);
                Lease ours = warden.leases().acquire("leased", "01RUNONE", 5, Duration.ofMinutes(1), null);
                HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                        "http://127.0.0.1:" + warden.port() + "/api/v1/leases")).header("x-api-key", API_KEY)
                        .build(), HttpResponse.BodyHandlers.ofString());
                JsonNode leases = Json.MAPPER.readTree(answer.body()).path("leases");
                assertThat(leases).as(answer.body()).hasSize(2);
                assertThat(leases).extracting(l -> l.path("runId").asText())
                        .containsExactlyInAnyOrder("01RUNONE", "01RUNTWO");
                JsonNode second = leases.get(0).path("runId").asText().equals("01RUNTWO") ? leases.get(0)
                        : leases.get(1);
                assertThat(second.path("instanceId").asText()).isEqualTo("instance-two");
                assertThat(second.path("heartbeatAt").asText()).isNotEmpty();
                assertThat(second.path("ruleId").asText()).isEqualTo("leased");
                warden.leases().release(ours);
                other.release(theirs);
                other.close();
            }
        }
    }
}
