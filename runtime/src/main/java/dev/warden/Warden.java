package dev.warden;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntSupplier;
import java.util.function.Predicate;

import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.Consumer;

import io.javalin.config.RoutesConfig;

import dev.warden.config.AdminKeyConfig;
import dev.warden.audit.AuditLog;
import dev.warden.config.WardenConfig;
import dev.warden.http.LeaseRoutes;
import dev.warden.leases.LeaseHeaders;
import dev.warden.leases.LeaseManager;
import dev.warden.leases.LeasePolicy;
import dev.warden.leases.LeaseStore;
import dev.warden.plugin.AdminKeyProvider;
import dev.warden.engine.RuleEngine;
import dev.warden.engine.Sandbox;
import dev.warden.http.AuditRoutes;
import dev.warden.http.AuthFilter;
import dev.warden.http.ClientAddress;
import dev.warden.http.HealthRoutes;
import dev.warden.http.PluginRoutes;
import dev.warden.http.KeyRoutes;
import dev.warden.http.MetricsRoutes;
import dev.warden.http.OpenApiRoutes;
import dev.warden.http.PortCheck;
import dev.warden.http.RuleRoutes;
import dev.warden.http.RunRoutes;
import dev.warden.http.RunWaits;
import dev.warden.http.ScheduleRoutes;
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
import dev.warden.scheduling.RuleScheduler;
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
    private Integrations integrations;
    private RuleScheduler schedules;
    private WardenServer server;
    private AdminKeySource adminKeys;
    private LeaseManager leases;
    private Database database;
    private RunWaits waits;

    private Warden(WardenConfig config) {
        this.config = config;
    }

    /**
     * Where leases get the admin key: the provider for one site and account, that site's id in the store, and the
     * clock expiry arithmetic uses.
     */
    public record AdminKeySource(AdminKeyProvider provider, String site, Clock clock) {
    }

    public static Warden start(WardenConfig config) {
        return start(config, System.out);
    }

    /** Starts Warden; with {@code adminKeys} null, the admin-key plugin's provider is used when there is one. */
    public static Warden start(WardenConfig config, AdminKeySource adminKeys) {
        return start(config, System.out, ruleId -> true, adminKeys);
    }

    /** @param console where the bootstrap admin key is printed, once (never to the log) */
    public static Warden start(WardenConfig config, PrintStream console) {
        // Webhooks also skip rules disabled through the API (the persisted rule state), whatever the predicate.
        return start(config, console, ruleId -> true);
    }

    /** @param ruleEnabled whether a rule may start now (webhooks skip disabled rules) */
    public static Warden start(WardenConfig config, PrintStream console, Predicate<String> ruleEnabled) {
        return start(config, console, ruleEnabled, null);
    }

    /** The full form: console for the bootstrap key, the rule-enabled flag, and where leases get the admin key. */
    public static Warden start(WardenConfig config, PrintStream console, Predicate<String> ruleEnabled,
                               AdminKeySource adminKeys) {
        Warden warden = new Warden(config);
        warden.adminKeys = adminKeys;
        try {
            warden.boot(console, ruleEnabled);
        } catch (RuntimeException e) {
            warden.close();
            throw e;
        }
        return warden;
    }

    private void boot(PrintStream console, Predicate<String> ruleEnabled) {
        config.webhooks().requireSecrets();
        Path rulesDir = config.paths().rules().toAbsolutePath().normalize();
        if (!Files.isDirectory(rulesDir)) {
            // A mistyped path would otherwise start with no rules and remove every rule's schedule from the store.
            throw new IllegalStateException("the rules folder " + rulesDir + (Files.exists(rulesDir)
                    ? " is not a folder" : " does not exist") + " (paths.rules, WARDEN_RULES_DIR): create it (mkdir "
                    + rulesDir + ") or point paths.rules at your rules");
        }
        // Before the store opens: a start that cannot listen must not recover, run or cancel anything first.
        PortCheck.requireFree(config.http());
        String outboundWarning = config.outbound().warning(config.engine());
        if (outboundWarning != null) {
            LOG.warn(outboundWarning);
        }
        Clock clock = Clock.systemUTC();
        Database database = keep(Database.open(config.database(), config.paths().data()));
        this.database = database;
        AuditLog audit = new AuditLog(database.dataSource(), clock);
        ApiKeys keys = new ApiKeys(database.dataSource(), audit, clock);
        // Before rules load and schedules recover runs: a start that would refuse the key stops having done nothing.
        BootstrapKey.refuseUnusable(keys, config.keys().adminKey());
        Sandbox sandbox = keep(new Sandbox(config.paths().rules(), config.engine().statementLimit()));
        LeaseHeaders leaseHeaders = new LeaseHeaders();
        integrations = keep(Integrations.open(config, clock, leaseHeaders));
        if (adminKeys == null) {
            adminKeys = pluginAdminKeys(clock);
        }
        RuleEngine engine = keep(new RuleEngine(sandbox, config.engine(), integrations.ruleApis(), clock));
        catalog = new RuleCatalog(config.paths().rules(), new RuleCompiler(sandbox, engine.watchdog(),
                config.engine().defaultTimeout(), config.engine().maxTimeout(), config.zone()));
        catalog.refresh();
        RunStore store = new RunStore(database.dataSource());
        runs = keep(new RunService(catalog, engine, store, config.engine(), clock, config.paths().data(),
                config.paths().journal()));
        LeaseStore leaseStore = new LeaseStore(database.dataSource());
        if (adminKeys != null) {
            startLeases(leaseStore);
            leaseHeaders.use(leases);
        }
        // Recovers the runs a stopped instance left behind, then fires the cron and every triggers.
        schedules = keep(RuleScheduler.start(config, database, catalog, runs, clock));
        ScheduledExecutorService background = startBackground(store, clock);
        BootstrapKey.ensure(keys, config.keys().adminKey(), console);
        keep(keys::flushLastUsed);
        background.scheduleWithFixedDelay(keys::flushLastUsed, 30, 30, TimeUnit.SECONDS);
        server = keep(serve(database, keys, audit, leaseStore, ruleEnabled, engine::stuckRuns, clock));
        // Closed before the server: callers waiting for runs get their run ids, not a connection cut by the stop.
        keep(waits::release);
        LOG.info("Warden {} listening on http://{}:{} with {} rule(s) from {}", Version.current(),
                config.http().host(), server.port(), catalog.rules().size(), catalog.root());
    }

    /** One thread for the periodic chores: rule file reloads, retention, expired idempotency keys. */
    private ScheduledExecutorService startBackground(RunStore store, Clock clock) {
        ScheduledExecutorService background = Executors.newSingleThreadScheduledExecutor(r ->
                Thread.ofPlatform().daemon().name("warden-background").unstarted(r));
        keep(background::shutdownNow);
        background.scheduleWithFixedDelay(this::reloadRules, 1, 1, TimeUnit.SECONDS);
        Retention retention = new Retention(store, config.retention(), clock);
        background.scheduleWithFixedDelay(retention, 0, Retention.PERIOD.toSeconds(), TimeUnit.SECONDS);
        background.scheduleWithFixedDelay(runs::purgeExpiredRequests, 1, 60, TimeUnit.MINUTES);
        return background;
    }

    /** The HTTP server: every concern's routes, behind the key check; wait-mode answers run on its threads. */
    private WardenServer serve(Database database, ApiKeys keys, AuditLog audit, LeaseStore leaseStore,
            Predicate<String> ruleEnabled, IntSupplier stuckRuns, Clock clock) {
        Authenticator auth = new Authenticator(keys, new FailureThrottle(config.keys().authFailuresPerMinute(), clock),
                audit);
        WardenMetrics metrics = new WardenMetrics(runs);
        metrics.stuckRuns(stuckRuns);
        database.housekeeper().ifPresent(h -> metrics.storeFileBytes(h::fileBytes));
        integrations.onConfluenceAnswer(metrics::confluenceCall);
        WebhookDispatcher webhooks = new WebhookDispatcher(catalog,
                ruleId -> ruleEnabled.test(ruleId) && schedules.isEnabled(ruleId), config.webhooks());
        RunRoutes runRoutes = new RunRoutes(runs);
        QueuedThreadPool requestThreads = WardenServer.requestThreads(config.http());
        waits = keep(new RunWaits(runs, requestThreads));
        List<Consumer<RoutesConfig>> routes = new ArrayList<>(List.of(
                new ClientAddress(config.http().trustedProxies())::register,
                new AuthFilter(auth)::register,
                new HealthRoutes(catalog, Version.current(), webhooks, auth, stuckRuns)::register,
                new RuleRoutes(catalog, runs, schedules, waits)::register,
                new ScheduleRoutes(catalog, schedules)::register,
                runRoutes::register,
                new WebhookRoutes(webhooks, runs, auth, new SignatureVerifier(clock), metrics, waits)::register,
                new KeyRoutes(keys, catalog::snapshot)::register,
                new AuditRoutes(audit, leaseStore)::register,
                new MetricsRoutes(metrics)::register,
                new PluginRoutes(integrations.plugins())::register));
        routes.add(new LeaseRoutes(leases, leaseStore)::register);
        if (leases != null) {
            LeaseManager leaseManager = leases;
            metrics.activeLeases(() -> leaseManager.active().size());
            runRoutes.withLeases(id -> {
                List<dev.warden.leases.AuditEntry> trail = leaseStore.auditTrail(id, null, 1000);
                return trail.isEmpty() ? null : trail.reversed();
            });
        }
        AtomicReference<WardenServer> self = new AtomicReference<>();
        routes.add(new OpenApiRoutes(() -> self.get().routes(), Version.current())::register);
        self.set(WardenServer.start(config.http(), config.webhooks().largestBody(), requestThreads, routes));
        return self.get();
    }

    /** Sweeps what a previous process left enabled, then leases the key around the runs that declare it. */
    private void startLeases(LeaseStore leaseStore) {
        AdminKeyConfig policy = config.adminKey();
        leases = new LeaseManager(leaseStore, adminKeys.provider(), new LeasePolicy(policy.allowedRules(),
                policy.maxMinutes(), policy.renewMargin(), policy.linger()), adminKeys.clock(), adminKeys.site(),
                instanceId(), runs::stopRunning);
        // Closed after the runs (parts close last first): runs stopped at close let go of the key before the lease
        // manager disables a key nobody holds.
        parts.add(parts.indexOf(runs), leases);
        leases.sweep();
        leases.start();
        runs.useLeases(leases);
    }

    /** The admin-key plugin's provider for the configured site, when both exist. */
    private AdminKeySource pluginAdminKeys(Clock clock) {
        List<AdminKeyProvider> providers = integrations.plugins().extensions(AdminKeyProvider.class);
        if (providers.isEmpty() || integrations.confluence().connection() == null) {
            return null;
        }
        return new AdminKeySource(providers.getFirst(), integrations.confluence().connection().siteUrl().toString(),
                clock);
    }

    /** This process among those sharing the database: the host and the data folder, stable across restarts. */
    private String instanceId() {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            host = "localhost";
        }
        return host + ":" + config.paths().data().toAbsolutePath().normalize();
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

    /** The lease manager, or null when no admin-key provider is configured. */
    public LeaseManager leases() {
        return leases;
    }

    public RunService runs() {
        return runs;
    }

    public Database database() {
        return database;
    }

    public Integrations integrations() {
        return integrations;
    }

    public WardenServer server() {
        return server;
    }

    public RuleScheduler schedules() {
        return schedules;
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
