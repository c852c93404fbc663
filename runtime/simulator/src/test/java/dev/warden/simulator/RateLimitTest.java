package dev.warden.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Section 4 of the API facts page: 429 with Retry-After after N requests per window, on the simulator's clock. */
class RateLimitTest {
    private static final String PAGE = "/wiki/api/v2/pages/65537";
    private static ConfluenceSimulator sim;
    private Http uma;

    @BeforeAll
    static void start() {
        sim = ConfluenceSimulator.start(SimulatorOptions.defaults().withRateLimit(3, Duration.ofSeconds(60)));
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    @BeforeEach
    void reset() {
        sim.reset();
        sim.clock().set(Instant.parse("2026-11-23T10:00:00Z"));
        uma = Http.to(sim).as(Fixtures.uma(sim));
    }

    @Test
    void requestOverTheLimitGets429WithRetryAfter() {
        for (int i = 0; i < 3; i++) {
            assertThat(uma.get(PAGE).status()).isEqualTo(200);
        }

        Http.Reply reply = uma.get(PAGE);

        assertThat(reply.status()).isEqualTo(429);
        assertThat(reply.header("Retry-After")).isEqualTo("61");
        assertThat(reply.json().at("/errors/0/code").asText()).isEqualTo("TOO_MANY_REQUESTS");
    }

    @Test
    void rateLimitHeadersCountDown() {
        Http.Reply first = uma.get(PAGE);

        assertThat(first.header("X-RateLimit-Limit")).isEqualTo("3");
        assertThat(first.header("X-RateLimit-Remaining")).isEqualTo("2");
        assertThat(first.header("X-RateLimit-Reset")).isEqualTo("2026-11-23T10:01:00.000Z");
    }

    @Test
    void newWindowAdmitsRequestsAgain() {
        for (int i = 0; i < 4; i++) {
            uma.get(PAGE);
        }
        sim.clock().advance(Duration.ofSeconds(62));

        assertThat(uma.get(PAGE).status()).isEqualTo(200);
    }

    @Test
    void retryingEarlyEarnsALongerWait() {
        for (int i = 0; i < 3; i++) {
            uma.get(PAGE);
        }
        String firstWait = uma.get(PAGE).header("Retry-After");

        String secondWait = uma.get(PAGE).header("Retry-After");

        assertThat(Integer.parseInt(secondWait)).isGreaterThan(Integer.parseInt(firstWait));
    }

    @Test
    void v1AnswersWithItsOwnErrorShape() {
        for (int i = 0; i < 3; i++) {
            uma.get("/wiki/rest/api/user/current");
        }

        Http.Reply reply = uma.get("/wiki/rest/api/user/current");

        assertThat(reply.status()).isEqualTo(429);
        assertThat(reply.json().get("statusCode").asInt()).isEqualTo(429);
    }

    @Test
    void controlApiIsNeverLimited() {
        for (int i = 0; i < 5; i++) {
            assertThat(Http.to(sim).get("/__sim/users").status()).isEqualTo(200);
        }
    }

    @Test
    void limitCanBeChangedAndLiftedThroughTheControlApi() {
        Http control = Http.to(sim);
        assertThat(control.post("/__sim/rate-limit", "{\"requests\":1,\"windowSeconds\":10}").json()
                .get("requests").asInt()).isEqualTo(1);
        uma.get(PAGE);

        Http.Reply limited = uma.get(PAGE);
        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.header("Retry-After")).isEqualTo("11");

        assertThat(control.delete("/__sim/rate-limit").status()).isEqualTo(204);
        assertThat(uma.get(PAGE).status()).isEqualTo(200);
        assertThat(control.get("/__sim/rate-limit").body()).isEqualTo("{\"enabled\":false}");
    }
}
