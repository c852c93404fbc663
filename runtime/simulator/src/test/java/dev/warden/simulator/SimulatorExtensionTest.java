package dev.warden.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.simulator.junit.SimulatorExtension;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/** The JUnit extension other modules use: one simulator per class, reset before each test, injected. */
@ExtendWith(SimulatorExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SimulatorExtensionTest {
    private static ConfluenceSimulator firstSeen;
    private final ConfluenceSimulator fromConstructor;

    SimulatorExtensionTest(ConfluenceSimulator sim) {
        this.fromConstructor = sim;
    }

    @Test
    @Order(1)
    void injectsARunningSimulatorOnALoopbackRandomPort(ConfluenceSimulator sim) {
        firstSeen = sim;

        assertThat(sim).isSameAs(fromConstructor);
        assertThat(sim.baseUrl()).isEqualTo("http://127.0.0.1:" + sim.port());
        assertThat(sim.port()).isPositive().isNotEqualTo(SimulatorMain.DEFAULT_PORT);
        assertThat(Http.to(sim).get("/_edge/tenant_info").status()).isEqualTo(200);
    }

    @Test
    @Order(2)
    void leavesStateBehindForTheNextTestToNotSee(ConfluenceSimulator sim) {
        Http.to(sim).as(Fixtures.uma(sim)).delete("/wiki/api/v2/pages/65539");

        assertThat(Http.to(sim).as(Fixtures.uma(sim)).get("/wiki/api/v2/pages/65539").status()).isEqualTo(404);
    }

    @Test
    @Order(3)
    void sharesOneSimulatorPerClassAndResetsBeforeEachTest(ConfluenceSimulator sim) {
        assertThat(sim).isSameAs(firstSeen);
        assertThat(Http.to(sim).as(Fixtures.uma(sim)).get("/wiki/api/v2/pages/65539").status()).isEqualTo(200);
        assertThat(Http.to(sim).get("/__sim/requests").json().size()).isEqualTo(1);
    }

    @Nested
    class NestedTests {
        @Test
        void nestedClassesShareTheOuterSimulator(ConfluenceSimulator sim) {
            assertThat(sim).isSameAs(fromConstructor);
        }
    }
}
