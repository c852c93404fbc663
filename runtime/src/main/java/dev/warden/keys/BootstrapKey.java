package dev.warden.keys;

import java.io.PrintStream;
import java.util.List;
import java.util.Set;

import dev.warden.config.ConfigException;
import dev.warden.config.Secret;

/**
 * The first admin key: on a start with no keys, Warden stores one and prints it once to the console (never to the
 * log), or stores the operator's {@code WARDEN_ADMIN_KEY} (hashed) for scripted set-ups.
 */
public final class BootstrapKey {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(BootstrapKey.class);

    static final int MIN_CHOSEN_LENGTH = 32;

    private BootstrapKey() {
    }

    /**
     * Creates the bootstrap key when there are no keys; does nothing otherwise.
     *
     * <p>Its name cannot collide with a key of the operator's, as there is none yet. It can with another Warden's
     * bootstrap key when two first start on one database at the same moment: then the one that comes second finds
     * the name taken and starts without creating a second admin key (the first printed its own).
     */
    public static void ensure(ApiKeys keys, Secret chosen, PrintStream console) {
        try {
            create(keys, chosen, console);
        } catch (KeyNameTaken e) {
            LOG.info("another Warden on this database created the bootstrap admin key {} a moment ago; not creating a "
                    + "second one", e.holder().id());
        }
    }

    /**
     * Refuses, before anything else starts, an operator's key that {@link #ensure} would refuse: one too short, on a
     * start that would store it (no keys yet). A later start ignores the variable, so it is not checked then.
     */
    public static void refuseUnusable(ApiKeys keys, Secret chosen) {
        if (!chosen.isEmpty() && keys.isEmpty()) {
            requireLongEnough(chosen);
        }
    }

    private static void requireLongEnough(Secret chosen) {
        if (chosen.reveal().length() < MIN_CHOSEN_LENGTH) {
            throw new ConfigException("WARDEN_ADMIN_KEY must be at least " + MIN_CHOSEN_LENGTH + " characters "
                    + "(e.g. the output of `openssl rand -hex 24`)");
        }
    }

    private static void create(ApiKeys keys, Secret chosen, PrintStream console) {
        if (!keys.isEmpty()) {
            if (!chosen.isEmpty()) {
                LOG.info("WARDEN_ADMIN_KEY only seeds the first start; keys exist already, so it is not stored again");
            }
            return;
        }
        KeySpec spec = new KeySpec("bootstrap-admin", Set.of(Scope.ADMIN), List.of(), List.of(), null);
        Caller bootstrap = Caller.operator("bootstrap");
        if (!chosen.isEmpty()) {
            requireLongEnough(chosen);
            NewKey key = keys.createWithSecret(spec, chosen.reveal(), bootstrap, null);
            console.println("Warden: stored WARDEN_ADMIN_KEY (hashed) as the bootstrap admin key " + key.key().id()
                    + ".");
            console.flush();
            return;
        }
        NewKey key = keys.create(spec, bootstrap, null);
        console.println("""

                ================================================================================
                 Warden created the first API key, with the admin scope. It is shown only now:

                   %s

                 Keep it secret (a password manager). Create narrower keys with it, e.g.
                   WARDEN_API_KEY=<this key> ./warden keys create --name automation \\
                       --scopes webhooks:trigger --hooks page-created --expires 90d
                 or POST /api/v1/keys with the header 'x-api-key: <this key>'.
                ================================================================================
                """.formatted(key.secret()));
        console.flush();
    }
}
