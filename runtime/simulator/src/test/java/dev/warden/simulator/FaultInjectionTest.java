package dev.warden.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.simulator.junit.SimulatorExtension;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code POST /__sim/faults}: status codes, delays and dropped connections for matching paths. */
@ExtendWith(SimulatorExtension.class)
class FaultInjectionTest {
    private static final String PAGE = "/wiki/api/v2/pages/65537";

    private final Http control;
    private final Http uma;

    FaultInjectionTest(ConfluenceSimulator sim) {
        this.control = Http.to(sim);
        this.uma = Http.to(sim).as(Fixtures.uma(sim));
    }

    @Test
    void statusFaultAnswersTheNextNCallsThenStops() {
        Http.Reply created = control.post("/__sim/faults",
                "{\"path\":\"/wiki/api/v2/pages/*\",\"status\":503,\"retryAfter\":7,\"times\":2}");
        assertThat(created.status()).isEqualTo(201);

        Http.Reply first = uma.get(PAGE);
        Http.Reply second = uma.get(PAGE);
        Http.Reply third = uma.get(PAGE);

        assertThat(first.status()).isEqualTo(503);
        assertThat(first.header("Retry-After")).isEqualTo("7");
        assertThat(second.status()).isEqualTo(503);
        assertThat(third.status()).isEqualTo(200);
        assertThat(control.get("/__sim/faults").json().size()).isZero();
    }

    @Test
    void fractionFaultFiresOnAFixedShareOfCalls() {
        control.post("/__sim/faults", "{\"path\":\"/wiki/**\",\"status\":500,\"fraction\":0.5}");

        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            statuses.add(uma.get(PAGE).status());
        }

        assertThat(statuses).containsExactly(200, 500, 200, 500, 200, 500);
    }

    @Test
    void faultWithABodyReturnsIt() {
        control.post("/__sim/faults", "{\"path\":\"" + PAGE + "\",\"status\":502,\"body\":\"bad gateway\"}");

        Http.Reply reply = uma.get(PAGE);

        assertThat(reply.status()).isEqualTo(502);
        assertThat(reply.body()).isEqualTo("bad gateway");
    }

    @Test
    void faultOnlyMatchesItsMethodAndPath() {
        control.post("/__sim/faults", "{\"path\":\"/wiki/api/v2/pages/*\",\"method\":\"PUT\",\"status\":500}");

        assertThat(uma.get(PAGE).status()).isEqualTo(200);
        assertThat(uma.get("/wiki/api/v2/spaces").status()).isEqualTo(200);
    }

    @Test
    void delayFaultSlowsTheResponseDown() {
        control.post("/__sim/faults", "{\"path\":\"" + PAGE + "\",\"delayMs\":300,\"times\":1}");

        long start = System.nanoTime();
        Http.Reply reply = uma.get(PAGE);
        long millis = (System.nanoTime() - start) / 1_000_000;

        assertThat(reply.status()).isEqualTo(200);
        assertThat(millis).isGreaterThanOrEqualTo(300);
    }

    @Test
    void droppedConnectionGivesTheClientAnIoError() {
        control.post("/__sim/faults", "{\"path\":\"/wiki/api/v2/pages\",\"method\":\"POST\",\"dropConnection\":true}");

        assertThatThrownBy(() -> uma.post("/wiki/api/v2/pages", "{}"))
                .isInstanceOf(UncheckedIOException.class)
                .hasCauseInstanceOf(IOException.class);
        assertThat(control.get("/__sim/requests").json().get(0).get("status").asInt()).isZero();
    }

    @Test
    void faultsCanBeListedAndCleared() {
        String id = control.post("/__sim/faults", "{\"path\":\"/wiki/**\",\"status\":500}").json().get("id").asText();
        assertThat(control.get("/__sim/faults").json().findValuesAsText("id")).containsExactly(id);

        assertThat(control.delete("/__sim/faults/" + id).status()).isEqualTo(204);
        assertThat(uma.get(PAGE).status()).isEqualTo(200);
        control.post("/__sim/faults", "{\"path\":\"/wiki/**\",\"status\":500}");
        assertThat(control.delete("/__sim/faults").status()).isEqualTo(204);
        assertThat(uma.get(PAGE).status()).isEqualTo(200);
    }

    @Test
    void faultWithoutAnEffectIs400() {
        assertThat(control.post("/__sim/faults", "{\"path\":\"/wiki/**\"}").status()).isEqualTo(400);
        assertThat(control.post("/__sim/faults", "{\"status\":500}").status()).isEqualTo(400);
    }
}
