package dev.warden.leases;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import dev.warden.config.DatabaseConfig;
import dev.warden.config.Secret;
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
}
