package dev.warden.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import com.fasterxml.jackson.databind.JsonNode;

import dev.warden.keys.Expiry;
import dev.warden.keys.Scope;

/**
 * {@code warden keys create|list|revoke}: manages API keys through a running Warden's API (with a key that has
 * keys:manage), or with {@code --offline} directly in the database of a stopped Warden.
 */
@Command(name = "keys", mixinStandardHelpOptions = true,
        description = {"Create, list and revoke API keys.",
                "Talks to the running Warden (--url, default from the config) with the key in $WARDEN_API_KEY or "
                        + "--api-key-file; --offline writes the database directly while Warden is stopped."})
final class KeysCommand implements java.util.concurrent.Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOption config = new ConfigOption();

    @Option(names = "--url", paramLabel = "URL", scope = picocli.CommandLine.ScopeType.INHERIT,
            description = "Warden's base URL (default: $WARDEN_URL, else http://<http.host>:<http.port> from the "
                    + "config).")
    String url;

    @Mixin
    ApiKeyOption apiKey = new ApiKeyOption();

    @Option(names = "--offline", scope = picocli.CommandLine.ScopeType.INHERIT,
            description = "Work on the database directly (Warden must be stopped when it uses an H2 file).")
    boolean offline;

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = {"Create a key. Its secret goes to standard output, alone, and is shown only this once.",
                    "Scopes: rules:read, rules:run, runs:read, webhooks:trigger, leases:manage, keys:manage, admin.",
                    "The name must not be that of a key in use (neither revoked nor expired). A limit naming no "
                            + "loaded rule or webhook is kept, with a warning on standard error."})
    int create(@Option(names = "--name", required = true, paramLabel = "NAME",
                       description = "Who or what the key is for, e.g. automation (unique among keys in use).")
               String name,
               @Option(names = "--scopes", required = true, split = ",", paramLabel = "SCOPE",
                       description = "What the key may do (the scopes above), comma-separated.") List<String> scopes,
               @Option(names = "--rules", split = ",", paramLabel = "RULE-ID",
                       description = "Limit the key to these rules.") List<String> rules,
               @Option(names = "--hooks", split = ",", paramLabel = "HOOK",
                       description = "Limit the key to these webhooks.") List<String> hooks,
               @Option(names = "--expires", paramLabel = "WHEN",
                       description = "90d, 12h, 2026-12-31, an instant, or never (default).") String expires) {
        Set<Scope> parsed = EnumSet.noneOf(Scope.class);
        try {
            scopes.forEach(s -> parsed.add(Scope.parse(s)));
            Expiry.parse(expires, Instant.now());
        } catch (IllegalArgumentException e) {
            return usage(e.getMessage());
        }
        return run(keys -> keys.create(name, parsed, rules == null ? List.of() : rules,
                hooks == null ? List.of() : hooks, expires));
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List keys (never their secrets).")
    int list() {
        return run(KeysClient::list);
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revoke a key for good.")
    int revoke(@Parameters(paramLabel = "KEY-ID",
            description = "The key's id, as warden keys list shows it (e.g. Xy98Zw76).") String id) {
        return run(keys -> keys.revoke(id));
    }

    /** Without a subcommand: the usage, on standard error, and exit code 2. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return Exit.USAGE;
    }

    private interface Action {
        int apply(KeysClient keys) throws IOException, InterruptedException;
    }

    private int run(Action action) {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (KeysClient keys = offline ? KeysClient.offline(config.load(), out, err)
                : KeysClient.online(baseUrl(), apiKey(), out, err)) {
            return action.apply(keys);
        } catch (IllegalArgumentException | IllegalStateException e) {
            err.println("warden keys: " + e.getMessage());
            return Exit.FAILED;
        } catch (IOException e) {
            err.println("warden keys: cannot reach Warden at " + baseUrl() + " (" + Unreachable.why(e) + "); is it "
                    + "running? Use --offline while it is stopped.");
            return Exit.FAILED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Exit.FAILED;
        } finally {
            out.flush();
            err.flush();
        }
    }

    private String baseUrl() {
        return config.serverUrl(url);
    }

    private String apiKey() throws IOException {
        return apiKey.require("keys:manage");
    }

    private int usage(String message) {
        spec.commandLine().getErr().println("warden keys: " + message);
        return Exit.USAGE;
    }

    static String describe(JsonNode key) {
        StringBuilder line = new StringBuilder(key.path("id").asText() + "  " + key.path("name").asText() + "  "
                + key.path("status").asText() + "  " + key.path("scopes").toString());
        if (!key.path("rules").isEmpty()) {
            line.append("  rules ").append(key.path("rules"));
        }
        if (!key.path("hooks").isEmpty()) {
            line.append("  webhooks ").append(key.path("hooks"));
        }
        line.append("  expires ").append(key.hasNonNull("expiresAt") ? key.get("expiresAt").asText() : "never");
        if (key.hasNonNull("lastUsedAt")) {
            line.append("  last used ").append(key.get("lastUsedAt").asText());
        }
        return line.toString();
    }
}
