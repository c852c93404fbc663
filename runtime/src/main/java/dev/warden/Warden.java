package dev.warden;

import java.io.PrintStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.warden.audit.AuditLog;
import dev.warden.config.WardenConfig;
import dev.warden.engine.RuleEngine;
import dev.warden.engine.Sandbox;
import dev.warden.http.AuditRoutes;
import dev.warden.http.AuthFilter;
import dev.warden.http.HealthRoutes;
import dev.warden.http.KeyRoutes;
import dev.warden.http.MetricsRoutes;
import dev.warden.http.OpenApiRoutes;
import dev.warden.http.RuleRoutes;
import dev.warden.http.RunRoutes;
import dev.warden.http.WardenServer;
import dev.warden.http.WebhookRoutes;
import dev.warden.keys.ApiKeys;
import dev.warden.keys.Authenticator;
import dev.warden.keys.BootstrapKey;
import dev.warden.keys.FailureThrottle;
import dev.warden.metrics.WardenMetrics;
import dev.warden.rules.RuleCatalog;
import dev.warden.rules.internal.RuleCompiler;
import dev.warden.runs.Retention;
import dev.warden.runs.RunService;
import dev.warden.runs.RunStore;
import dev.warden.store.Database;
import dev.warden.webhooks.SignatureVerifier;
import dev.warden.webhooks.WebhookDispatcher;

/**
 * A running Warden: rules folder watched, run store open, workers ready, HTTP server listening.
 * {@link #start} builds it from configuration; {@link #close} stops it in reverse order.
 */
public final class Warden implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Warden.class);

    private final List<AutoCloseable> parts = new ArrayList<>();
    private final WardenConfig config;
    private RuleCatalog catalog;
    private RunService runs;
    private WardenServer server;

    private Warden(WardenConfig config) {
        this.config = config;
    }

    public static Warden start(WardenConfig config) {
        return start(config, System.out);
    }

    /** @param console where the bootstrap admin key is printed, once (never to the log) */
    public static Warden start(WardenConfig config, PrintStream console) {
        // Every rule is enabled until rules can be disabled; then this becomes the rule's enabled flag.
        return start(config, console, ruleId -> true);
    }

    /** @param ruleEnabled whether a rule may start now (webhooks skip disabled rules) */
    public static Warden start(WardenConfig config, PrintStream console, Predicate<String> ruleEnabled) {
        Warden warden = new Warden(config);
        try {
            warden.boot(console, ruleEnabled);
        } catch (RuntimeException e) {
            warden.close();
            throw e;
        }
        return warden;
    }

    private void boot(PrintStream console, Predicate<String> ruleEnabled) {
        Clock clock = Clock.systemUTC();
        Database database = keep(Database.open(config.database(), config.paths().data()));
        Sandbox sandbox = keep(new Sandbox(config.paths().rules(), config.engine().statementLimit()));
        RuleEngine engine = keep(new RuleEngine(sandbox, config.engine(), List.of(), clock));
        catalog = new RuleCatalog(config.paths().rules(), new RuleCompiler(sandbox, engine.watchdog(),
                config.engine().defaultTimeout(), config.engine().maxTimeout()));
        catalog.refresh();
        RunStore store = new RunStore(database.dataSource());
        runs = keep(new RunService(catalog, engine, store, config.engine(), clock, config.paths().data()));
        runs.recover();
        ScheduledExecutorService background = Executors.newSingleThreadScheduledExecutor(r ->
                Thread.ofPlatform().daemon().name("warden-background").unstarted(r));
        keep(background::shutdownNow);
        background.scheduleWithFixedDelay(this::reloadRules, 1, 1, TimeUnit.SECONDS);
        Retention retention = new Retention(store, config.retention(), clock);
        background.scheduleWithFixedDelay(retention, 0, Retention.PERIOD.toSeconds(), TimeUnit.SECONDS);
        AuditLog audit = new AuditLog(database.dataSource(), clock);
        ApiKeys keys = new ApiKeys(database.dataSource(), audit, clock);
        BootstrapKey.ensure(keys, config.keys().adminKey(), console);
        keep(keys::flushLastUsed);
        background.scheduleWithFixedDelay(keys::flushLastUsed, 30, 30, TimeUnit.SECONDS);
        background.scheduleWithFixedDelay(runs::purgeExpiredRequests, 1, 60, TimeUnit.MINUTES);
        Authenticator auth = new Authenticator(keys, new FailureThrottle(config.keys().authFailuresPerMinute(), clock),
                audit);
        WardenMetrics metrics = new WardenMetrics(runs);
        WebhookDispatcher webhooks = new WebhookDispatcher(catalog, ruleEnabled, config.webhooks());
        AtomicReference<WardenServer> self = new AtomicReference<>();
        server = keep(WardenServer.start(config.http(), config.webhooks().largestBody(), List.of(
                new AuthFilter(auth)::register,
                new HealthRoutes(catalog, Version.current(), webhooks, auth)::register,
                new RuleRoutes(catalog, runs)::register,
                new RunRoutes(runs)::register,
                new WebhookRoutes(webhooks, runs, auth, new SignatureVerifier(clock), metrics)::register,
                new KeyRoutes(keys)::register,
                new AuditRoutes(audit)::register,
                new MetricsRoutes(metrics)::register,
                new OpenApiRoutes(() -> self.get().routes(), Version.current())::register)));
        self.set(server);
        LOG.info("Warden {} listening on http://{}:{} with {} rule(s) from {}", Version.current(),
                config.http().host(), server.port(), catalog.rules().size(), catalog.root());
    }

    private void reloadRules() {
        try {
            catalog.refresh();
        } catch (RuntimeException e) {
            LOG.warn("rules reload failed; trying again in a second", e);
        }
    }

    private <T extends AutoCloseable> T keep(T part) {
        parts.add(part);
        return part;
    }

    public int port() {
        return server.port();
    }

    public RuleCatalog catalog() {
        return catalog;
    }

    public RunService runs() {
        return runs;
    }

    public WardenServer server() {
        return server;
    }

    @Override
    public void close() {
        for (int i = parts.size() - 1; i >= 0; i--) {
            try {
                parts.get(i).close();
            } catch (Exception e) {
                LOG.warn("stopping {} failed", parts.get(i).getClass().getSimpleName(), e);
            }
        }
        parts.clear();
    }
}
