package dev.warden.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

import dev.warden.Integrations;
import dev.warden.config.ConfigLoader;
import dev.warden.config.WardenConfig;
import dev.warden.simulator.ConfluenceSimulator;
import dev.warden.simulator.SeededUser;

/** Environments that point Warden at the simulator as one of its seeded users, with a Compliance key. */
public final class SimulatedSite {

    public static final String HMAC_SECRET = "hmac-secret-for-tests";
    public static final String SMTP_PASSWORD = "smtp-password-for-tests";

    private SimulatedSite() {
    }

    public static Map<String, String> as(ConfluenceSimulator sim, SeededUser.Role role) {
        return as(sim, sim.user(role));
    }

    public static Map<String, String> as(ConfluenceSimulator sim, SeededUser user) {
        Map<String, String> env = new HashMap<>();
        env.put("WARDEN_CONFLUENCE_URL", sim.baseUrl());
        env.put("WARDEN_CONFLUENCE_EMAIL", user.email());
        env.put("WARDEN_CONFLUENCE_TOKEN", user.token());
        env.put("WARDEN_COMPLIANCE_URL", sim.complianceApiUrl());
        env.put("WARDEN_OUTBOUND_MAX_RETRY_TIME", "10s");
        return env;
    }

    /** The secret of the seeded Compliance key with this name. */
    public static String complianceKey(ConfluenceSimulator sim, String name) {
        return sim.users().stream().flatMap(u -> u.complianceKeys().stream()).filter(k -> k.name().equals(name))
                .findFirst().orElseThrow().key();
    }

    /** Org admin, key {@code warden-full}, the three shipped plugins installed and enabled in {@code dir/plugins}. */
    public static Map<String, String> full(ConfluenceSimulator sim, Path dir) {
        Map<String, String> env = as(sim, SeededUser.Role.ORG_ADMIN);
        env.put("WARDEN_COMPLIANCE_KEY", complianceKey(sim, "warden-full"));
        env.put("WARDEN_PLUGINS_DIR", PluginArtifacts.install(dir.resolve("plugins"),
                PluginArtifacts.SHIPPED.toArray(String[]::new)).toString());
        env.put("WARDEN_PLUGINS_ENABLED", String.join(",", PluginArtifacts.SHIPPED));
        env.put("WARDEN_DATA_DIR", dir.resolve("data").toString());
        env.put("WARDEN_RULES_DIR", dir.resolve("rules").toString());
        return env;
    }

    /** The notifier's channels in a config file, their secrets in the environment. */
    public static Map<String, String> withNotifier(ConfluenceSimulator sim, Path dir, HttpReceiver receiver,
                                                   SmtpReceiver smtp) throws Exception {
        return withNotifier(sim, dir, receiver, smtp, "");
    }

    /** As above, plus more channel lines (YAML, indented for {@code notifier.channels}). */
    public static Map<String, String> withNotifier(ConfluenceSimulator sim, Path dir, HttpReceiver receiver,
                                                   SmtpReceiver smtp, String moreChannels) throws Exception {
        Path config = dir.resolve("warden.yml");
        Files.writeString(config, """
                notifier:
                  channels:
                    ops: { type: slack, url: "%s" }
                    hooks: { type: webhook, url: "%s" }
                    mail: { type: email, host: 127.0.0.1, port: %d, username: warden, from: warden@example.com,
                            to: ops@example.com, subject: "Warden says", trustStore: "%s" }
                """.formatted(receiver.url("/slack"), receiver.url("/hook"), smtp.port(), smtp.trustStore())
                + moreChannels);
        Map<String, String> env = SimulatedSite.full(sim, dir);
        env.put("WARDEN_CONFIG", config.toString());
        env.put("WARDEN_NOTIFIER_CHANNELS_HOOKS_SECRET", HMAC_SECRET);
        env.put("WARDEN_NOTIFIER_CHANNELS_MAIL_PASSWORD", SMTP_PASSWORD);
        env.put("WARDEN_NOTIFIER_CHANNELS_MAIL_TRUST_STORE_PASSWORD", SmtpReceiver.STORE_PASSWORD);
        return env;
    }

    public static WardenConfig config(Map<String, String> env) {
        return new ConfigLoader(env).load(null);
    }

    public static Integrations integrations(Map<String, String> env) {
        return Integrations.open(config(env), Clock.systemUTC());
    }
}
