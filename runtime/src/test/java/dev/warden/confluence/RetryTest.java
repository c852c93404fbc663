package dev.warden.confluence;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import dev.warden.engine.RunOutcome;
import dev.warden.runs.RunStatus;
import dev.warden.simulator.ConfluenceSimulator;
import dev.warden.simulator.SeededUser;
import dev.warden.simulator.junit.SimulatorExtension;
import dev.warden.testing.RuleBench;
import dev.warden.testing.SimulatedSite;

/** Retry-After on 429, backoff on 5xx for idempotent calls only, and a bounded total time. */
@ExtendWith(SimulatorExtension.class)
class RetryTest {

    private static final String PAGE = "/wiki/api/v2/pages/65538";

    @TempDir
    Path dir;
    RuleBench bench;

    @BeforeEach
    void setUp(ConfluenceSimulator sim) {
        Map<String, String> env = SimulatedSite.as(sim, SeededUser.Role.ORG_ADMIN);
        env.put("WARDEN_OUTBOUND_MAX_RETRY_TIME", "5s");
        bench = new RuleBench(dir, env);
    }

    @AfterEach
    void tearDown() {
        bench.close();
    }

    @Test
    void a429IsRetriedAfterTheSecondsItsRetryAfterAsks(ConfluenceSimulator sim) throws Exception {
        Faults.add(sim, "{\"path\":\"" + PAGE + "\",\"status\":429,\"retryAfter\":1,\"times\":1}");
        long started = System.nanoTime();
        RunOutcome outcome = bench.run("return confluence.page('65538').title;");
        long elapsedMs = (System.nanoTime() - started) / 1_000_000;
        assertThat(outcome.status()).as(String.valueOf(outcome.error())).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(elapsedMs).isGreaterThanOrEqualTo(1000);
        assertThat(Faults.requests(sim, "GET", PAGE)).isEqualTo(2);
    }

    @Test
    void a5xxOnAReadIsRetriedWithBackoff(ConfluenceSimulator sim) throws Exception {
        Faults.add(sim, "{\"path\":\"" + PAGE + "\",\"status\":502,\"times\":2}");
        RunOutcome outcome = bench.run("return confluence.page('65538').title;");
        assertThat(outcome.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(Faults.requests(sim, "GET", PAGE)).isEqualTo(3);
    }

    @Test
    void aCreateIsNotRetriedOnA5xxSinceItMayHaveHappened(ConfluenceSimulator sim) throws Exception {
        Faults.add(sim, "{\"path\":\"/wiki/api/v2/pages\",\"method\":\"POST\",\"status\":500,\"times\":1}");
        RunOutcome outcome = bench.run("""
                try { confluence.createPage({ spaceId: '98305', title: 'once', body: '' }); return 'created'; }
                catch (e) { return e.code; }""");
        assertThat(outcome.result()).isEqualTo("\"SERVER_ERROR\"");
        assertThat(Faults.requests(sim, "POST", "/wiki/api/v2/pages")).isEqualTo(1);
    }

    @Test
    void aRetryAfterBeyondTheRetryBudgetEndsAtOnceAsRateLimited(ConfluenceSimulator sim) throws Exception {
        Faults.add(sim, "{\"path\":\"" + PAGE + "\",\"status\":429,\"retryAfter\":60}");
        long started = System.nanoTime();
        RunOutcome outcome = bench.run("try { confluence.page('65538'); } catch (e) { return [e.status, e.code]; }");
        assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(5000);
        assertThat(outcome.result()).isEqualTo("[429,\"RATE_LIMITED\"]");
    }

    @Test
    void aRetryAfterLongerThanWhatIsLeftOfTheRuleTimeoutEndsAtOnceAsRateLimited(ConfluenceSimulator sim)
            throws Exception {
        Faults.add(sim, "{\"path\":\"" + PAGE + "\",\"status\":429,\"retryAfter\":4}");
        long started = System.nanoTime();
        RunOutcome outcome = bench.run("try { confluence.page('65538'); } catch (e) { return [e.status, e.code]; }",
                "3s");
        assertThat(outcome.result()).as(String.valueOf(outcome.error())).isEqualTo("[429,\"RATE_LIMITED\"]");
        assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(3000);
    }
}
