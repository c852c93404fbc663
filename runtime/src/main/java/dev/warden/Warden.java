package dev.warden;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.warden.config.WardenConfig;
import dev.warden.engine.RuleEngine;
import dev.warden.engine.Sandbox;
import dev.warden.http.HealthRoutes;
import dev.warden.http.RuleRoutes;
import dev.warden.http.RunRoutes;
import dev.warden.http.ScheduleRoutes;
import dev.warden.http.WardenServer;
import dev.warden.rules.RuleCatalog;
import dev.warden.rules.internal.RuleCompiler;
import dev.warden.runs.Retention;
import dev.warden.runs.RunService;
import dev.warden.runs.RunStore;
import dev.warden.scheduling.RuleScheduler;
import dev.warden.store.Database;

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
    private RuleScheduler schedules;
    private WardenServer server;

    private Warden(WardenConfig config) {
        this.config = config;
    }

    public static Warden start(WardenConfig config) {
        Warden warden = new Warden(config);
        try {
            warden.boot();
        } catch (RuntimeException e) {
            warden.close();
            throw e;
        }
        return warden;
    }

    private void boot() {
        Clock clock = Clock.systemUTC();
        Database database = keep(Database.open(config.database(), config.paths().data()));
        Sandbox sandbox = keep(new Sandbox(config.paths().rules(), config.engine().statementLimit()));
        RuleEngine engine = keep(new RuleEngine(sandbox, config.engine(), List.of(), clock));
        catalog = new RuleCatalog(config.paths().rules(), new RuleCompiler(sandbox, engine.watchdog(),
                config.engine().defaultTimeout(), config.engine().maxTimeout()));
        catalog.refresh();
        RunStore store = new RunStore(database.dataSource());
        runs = keep(new RunService(catalog, engine, store, config.engine(), clock));
        // Recovers the runs a stopped instance left behind, then fires the cron and every triggers.
        schedules = keep(RuleScheduler.start(config, database, catalog, runs, clock));
        ScheduledExecutorService background = Executors.newSingleThreadScheduledExecutor(r ->
                Thread.ofPlatform().daemon().name("warden-background").unstarted(r));
        keep(background::shutdownNow);
        background.scheduleWithFixedDelay(this::reloadRules, 1, 1, TimeUnit.SECONDS);
        Retention retention = new Retention(store, config.retention(), clock);
        background.scheduleWithFixedDelay(retention, 0, Retention.PERIOD.toSeconds(), TimeUnit.SECONDS);
        server = keep(WardenServer.start(config.http(), List.of(
                new HealthRoutes(catalog, Version.current())::register,
                new RuleRoutes(catalog, runs, schedules)::register,
                new ScheduleRoutes(catalog, schedules)::register,
                new RunRoutes(runs)::register)));
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
