package dev.warden.simulator;

import dev.warden.simulator.internal.SeededUsers;
import dev.warden.simulator.internal.SimulatorApp;
import dev.warden.simulator.internal.SimulatorState;
import io.javalin.Javalin;
import java.util.List;
import java.util.NoSuchElementException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running simulator of the Confluence Cloud and Compliance for Confluence APIs Warden uses, faithful to
 * shared/docs/confluence-cloud-api.md. It is a test double: its tokens and keys are public on purpose.
 *
 * <p>Lifecycle: {@link #start} binds and serves at once; {@link #reset} reloads the fixture; {@link #close} stops it.
 * All methods are thread-safe.
 */
public final class ConfluenceSimulator implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ConfluenceSimulator.class);

    private final SimulatorState state;
    private final Javalin app;
    private final String baseUrl;

    private ConfluenceSimulator(SimulatorState state, Javalin app, String host) {
        this.state = state;
        this.app = app;
        this.baseUrl = "http://" + urlHost(host) + ":" + app.port();
    }

    public static ConfluenceSimulator start(SimulatorOptions options) {
        SimulatorState state = new SimulatorState(options, new SimulatorClock());
        Javalin app = SimulatorApp.create(state).start(options.host(), options.port());
        ConfluenceSimulator simulator = new ConfluenceSimulator(state, app, options.host());
        LOG.info("Confluence simulator (a test double) listening on {}", simulator.baseUrl);
        return simulator;
    }

    /** The site URL, e.g. {@code http://127.0.0.1:8090}; Confluence lives under {@code /wiki}. */
    public String baseUrl() {
        return baseUrl;
    }

    /** Where the Compliance for Confluence API lives on the same server. */
    public String complianceApiUrl() {
        return baseUrl + "/compliance/api";
    }

    public int port() {
        return app.port();
    }

    public String cloudId() {
        synchronized (state) {
            return state.site().settings().cloudId();
        }
    }

    public SimulatorClock clock() {
        return state.clock();
    }

    /** The site's users with their tokens and Compliance keys, as after the last reset. */
    public List<SeededUser> users() {
        synchronized (state) {
            return SeededUsers.of(state.site());
        }
    }

    /** The first user with {@code role}, for tests that need "an org admin" rather than a particular one. */
    public SeededUser user(SeededUser.Role role) {
        return users().stream().filter(user -> user.role() == role).findFirst()
                .orElseThrow(() -> new NoSuchElementException("the fixture has no " + role.wireName() + " user"));
    }

    /** Reloads the fixture and clears faults, the request log, the rate-limit window and the clock's offset. */
    public void reset() {
        state.reset();
    }

    /** A few lines for a console: what this is, where it listens, who the admin is, where the tokens are. */
    public String banner() {
        String admin = users().stream().filter(user -> user.role() == SeededUser.Role.ORG_ADMIN)
                .map(SeededUser::email).findFirst().orElse("(none in the fixture)");
        String plan;
        synchronized (state) {
            plan = state.site().settings().plan().wireName();
        }
        return String.join(System.lineSeparator(),
                "Warden Confluence simulator: a TEST DOUBLE of Confluence Cloud and Compliance for Confluence.",
                "  Site URL:        " + baseUrl + "   (Basic auth email:token, as on a real site)",
                "  Compliance API:  " + complianceApiUrl(),
                "  Admin user:      " + admin + " (org admin, " + plan + " plan)",
                "  Tokens and keys: GET " + baseUrl + "/__sim/users   (test secrets, never real ones)",
                "  Control API:     " + baseUrl + "/__sim   (reset, clock, faults, requests)");
    }

    @Override
    public void close() {
        app.stop();
    }

    private static String urlHost(String host) {
        if (host.equals("0.0.0.0") || host.equals("::") || host.isBlank()) {
            return "localhost";
        }
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }
}
