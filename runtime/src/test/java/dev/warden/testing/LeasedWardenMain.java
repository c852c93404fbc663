package dev.warden.testing;

import java.time.Clock;
import java.util.Map;

import dev.warden.Warden;
import dev.warden.config.ConfigLoader;

/**
 * A Warden in a child process for the crash test: starts on the given folders with leases against the given
 * site, starts the rule {@code hold-key}, prints LEASED once the run holds the key, then waits to be killed.
 * Arguments: siteUrl email token dataDir rulesDir.
 */
public final class LeasedWardenMain {

    private LeasedWardenMain() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> env = Map.of("WARDEN_PORT", "0", "WARDEN_DATA_DIR", args[3], "WARDEN_RULES_DIR", args[4],
                "WARDEN_ADMIN_KEY_ALLOWED_RULES", "hold-key");
        Warden warden = Warden.start(new ConfigLoader(env).load(null), new Warden.AdminKeySource(
                new SiteAdminKeys(args[0], args[1], args[2]), args[0], Clock.systemUTC()));
        warden.runs().submit("hold-key", dev.warden.runs.TriggerEvent.manual(null));
        while (warden.leases().active().isEmpty()) {
            Thread.sleep(20);
        }
        System.out.println("LEASED");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
