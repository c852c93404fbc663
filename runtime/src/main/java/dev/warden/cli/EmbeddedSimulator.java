package dev.warden.cli;

import java.io.IOException;
import java.util.Comparator;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.warden.simulator.ConfluenceSimulator;
import dev.warden.simulator.SeededUser;
import dev.warden.simulator.SimulatorOptions;

/**
 * The simulated Confluence site {@code warden serve} runs when no real site is configured, so a first run shows
 * the whole product working: rules call {@code confluence} and {@code compliance} as the seeded org admin.
 */
final class EmbeddedSimulator {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedSimulator.class);

    private EmbeddedSimulator() {
    }

    /** Starts the simulator on the port (or any free port if it is taken). */
    static ConfluenceSimulator start(int port) {
        SimulatorOptions options = SimulatorOptions.defaults();
        // Checked first: the server would log its failure to bind as an ERROR before the fallback below.
        if (port != 0 && !free(options.host(), port)) {
            LOG.info("port {} is taken; the embedded simulator takes a free one", port);
            return ConfluenceSimulator.start(options.withPort(0));
        }
        try {
            return ConfluenceSimulator.start(options.withPort(port));
        } catch (RuntimeException e) {
            if (!(rootCause(e) instanceof IOException)) {
                throw e;
            }
            LOG.info("port {} is taken; the embedded simulator takes a free one", port);
            return ConfluenceSimulator.start(SimulatorOptions.defaults().withPort(0));
        }
    }

    /** The settings that point Warden at the simulator as its org admin, with its broadest Compliance key. */
    static Map<String, String> settings(ConfluenceSimulator simulator) {
        SeededUser admin = simulator.user(SeededUser.Role.ORG_ADMIN);
        Map<String, String> settings = new java.util.HashMap<>(Map.of(
                "WARDEN_CONFLUENCE_URL", simulator.baseUrl(),
                "WARDEN_CONFLUENCE_EMAIL", admin.email(),
                "WARDEN_CONFLUENCE_TOKEN", admin.token(),
                "WARDEN_COMPLIANCE_URL", simulator.complianceApiUrl()));
        admin.complianceKeys().stream().max(Comparator.comparingInt(k -> k.scopes().size()))
                .ifPresent(key -> settings.put("WARDEN_COMPLIANCE_KEY", key.key()));
        LOG.info("no Confluence site is configured: using the embedded simulator at {} (a test double; set "
                + "WARDEN_CONFLUENCE_URL, _EMAIL and _TOKEN for a real site, or WARDEN_SIMULATOR=false)",
                simulator.baseUrl());
        return settings;
    }

    private static boolean free(String host, int port) {
        try (java.net.ServerSocket probe = new java.net.ServerSocket()) {
            probe.bind(new java.net.InetSocketAddress(host, port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static Throwable rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
