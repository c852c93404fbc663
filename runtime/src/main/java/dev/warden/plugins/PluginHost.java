package dev.warden.plugins;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import org.pf4j.PluginState;
import org.pf4j.PluginWrapper;
import org.pf4j.util.FileUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.warden.Echo;
import dev.warden.config.PluginsConfig;
import dev.warden.engine.RuleApis;
import dev.warden.plugin.ConfluenceSite;
import dev.warden.plugin.HttpClientFactory;
import dev.warden.plugin.RuleApiProvider;
import dev.warden.plugins.internal.DefaultPluginContext;
import dev.warden.plugins.internal.WardenPluginManager;

/**
 * Loads the plugin jars and zips of the plugins folder, each in its own class loader, and starts those enabled in
 * configuration or {@code enabled.txt}. A plugin that fails to load or throws in {@code start()} is reported as
 * {@code FAILED} (log, API, {@code warden plugins}) and the others keep working.
 *
 * <p>Lifecycle: {@link #start}, then {@link #stop(String)}/{@link #start(String)} at will, then {@link #close}.
 * Thread-safe: changes are serialised, readers see the last complete state.
 */
public final class PluginHost implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PluginHost.class);

    private final Path folder;
    private final WardenPluginManager manager;
    private final Map<String, PluginInfo> unloadable = new LinkedHashMap<>();
    private final Map<String, String> failures = new LinkedHashMap<>();
    /** By plugin id: of two plugins offering one rule namespace, the one whose id sorts first has it. */
    private final Map<String, List<RuleApiProvider>> providers = new TreeMap<>();
    private final AtomicLong version = new AtomicLong();
    /** The namespaces the host's own APIs take (set by {@link #ruleApis}); no plugin may offer them. */
    private volatile List<RuleApiProvider> builtIns = List.of();
    private final Duration startLimit;

    private PluginHost(Path folder, WardenPluginManager manager, Duration startLimit) {
        this.folder = folder;
        this.manager = manager;
        this.startLimit = startLimit;
    }

    /** Loads every plugin of {@code folder} and starts the enabled ones; never throws for a plugin's fault. */
    public static PluginHost start(Path folder, PluginsConfig config, HttpClientFactory http, ConfluenceSite site,
                                   Clock clock) {
        WardenPluginManager manager = new WardenPluginManager(folder, config.enabled(),
                id -> new DefaultPluginContext(id, config, http, site, clock));
        // How long a plugin's start() may take before Warden starts without it (a property for tests).
        Duration startLimit = Duration.ofSeconds(Long.getLong("warden.plugins.startLimitSeconds", 30));
        PluginHost host = new PluginHost(folder, manager, startLimit);
        host.loadAll();
        return host;
    }

    private synchronized void loadAll() {
        if (!Files.isDirectory(folder)) {
            LOG.info("no plugins folder at {}; no plugins loaded", folder.toAbsolutePath());
            return;
        }
        for (Path file : files()) {
            String name = file.getFileName().toString();
            try {
                Path path = name.endsWith(".zip") ? FileUtils.expandIfZip(file) : file;
                PluginWrapper first = manager.getPlugin(String.valueOf(manager.idOf(path)));
                if (first != null) {
                    unloadable(name, "its Plugin-Id '" + first.getPluginId() + "' is the id of "
                            + first.getPluginPath().getFileName() + ", loaded first (files load in name order); "
                            + "remove one of them, or give this one another Plugin-Id");
                    continue;
                }
                if (manager.loadPlugin(path) == null) {
                    unloadable(name, "PF4J could not load it (see the log above)");
                }
            } catch (Throwable e) {
                unloadable(name, PluginFailures.describeLoad(e));
            }
        }
        for (PluginWrapper plugin : List.copyOf(manager.getPlugins())) {
            if (manager.isEnabled(plugin.getPluginId())) {
                startNow(plugin);
            } else {
                LOG.info("plugin {} is installed but not enabled (plugins.enabled or enabled.txt)",
                        plugin.getPluginId());
            }
        }
        for (String id : manager.enabledIds()) {
            if (manager.getPlugin(id) == null && !unloadable.containsKey(id)) {
                String why = "enabled (plugins.enabled or enabled.txt) but no plugin with this id is in " + folder
                        + "; installed: " + manager.getPlugins().stream().map(PluginWrapper::getPluginId).sorted()
                        .toList();
                LOG.error("plugin {}: {}", id, why);
                unloadable.put(id, new PluginInfo(id, null, "FAILED", null, null, why, null, null));
            }
        }
    }

    private List<Path> files() {
        try (Stream<Path> list = Files.list(folder)) {
            return list.filter(p -> Files.isRegularFile(p) && (p.toString().endsWith(".jar")
                    || p.toString().endsWith(".zip"))).sorted().toList();
        } catch (IOException e) {
            LOG.error("the plugins folder {} cannot be listed: {}", folder, e.getMessage());
            return List.of();
        }
    }

    private void unloadable(String file, String why) {
        LOG.error("plugin file {} failed to load: {}", file, why);
        unloadable.put(file, new PluginInfo(file, null, "FAILED", null, file, "failed to load: " + why, null, null));
    }

    /** Every plugin, loaded or not, sorted by id. */
    public synchronized List<PluginInfo> plugins() {
        List<PluginInfo> all = new ArrayList<>();
        manager.getPlugins().forEach(p -> all.add(info(p)));
        all.addAll(unloadable.values());
        all.sort(java.util.Comparator.comparing(PluginInfo::id));
        return all;
    }

    /** @throws IllegalArgumentException when no plugin has this id */
    public synchronized PluginInfo plugin(String id) {
        return info(require(id));
    }

    /**
     * Starts a stopped (or failed) enabled plugin.
     *
     * @throws IllegalArgumentException when no plugin has this id
     * @throws IllegalStateException when it is not enabled in configuration
     */
    public synchronized PluginInfo start(String id) {
        PluginWrapper plugin = require(id);
        if (!manager.isEnabled(id)) {
            throw new IllegalStateException("plugin " + id + " is not enabled: add it to plugins.enabled "
                    + "(WARDEN_PLUGINS_ENABLED) or " + folder.resolve("enabled.txt") + " and restart Warden");
        }
        if (plugin.getPluginState() != PluginState.STARTED) {
            startNow(plugin);
        }
        return info(plugin);
    }

    /** Stops a started plugin; its rule namespaces disappear from runs that start afterwards. */
    public synchronized PluginInfo stop(String id) {
        PluginWrapper plugin = require(id);
        if (plugin.getPluginState() == PluginState.STARTED) {
            try {
                manager.stopPlugin(id);
            } catch (Throwable e) {
                LOG.warn("plugin {} failed while stopping: {}", id, PluginFailures.describe(e));
            }
            plugin.setPluginState(PluginState.STOPPED);
            manager.forgetExtensions(plugin);
            providers.remove(id);
            version.incrementAndGet();
            LOG.info("plugin {} stopped", id);
        }
        return info(plugin);
    }

    /** The extensions of type {@code type} of every started plugin. */
    public synchronized <T> List<T> extensions(Class<T> type) {
        List<T> found = new ArrayList<>();
        for (PluginWrapper plugin : manager.getPlugins()) {
            if (plugin.getPluginState() == PluginState.STARTED) {
                try {
                    found.addAll(manager.getExtensions(type, plugin.getPluginId()));
                } catch (Throwable e) {
                    LOG.error("plugin {}: its {} could not be created: {}", plugin.getPluginId(),
                            type.getSimpleName(), PluginFailures.describe(e));
                }
            }
        }
        return found;
    }

    /** The rule namespaces: {@code builtIns} first, then those of started plugins; a name already taken is skipped. */
    public RuleApis ruleApis(List<RuleApiProvider> builtIns) {
        this.builtIns = List.copyOf(builtIns);
        return new RuleApis() {
            @Override
            public List<RuleApiProvider> current() {
                return PluginFailures.withoutClashes(builtIns, snapshot());
            }

            @Override
            public long version() {
                return version.get();
            }

            @Override
            public List<String> notStarted() {
                return PluginHost.this.notStarted();
            }
        };
    }

    private synchronized List<String> notStarted() {
        List<String> ids = new ArrayList<>();
        for (PluginWrapper plugin : manager.getPlugins()) {
            PluginInfo info = info(plugin);
            if (manager.isEnabled(plugin.getPluginId()) && !info.state().equals("STARTED")) {
                ids.add(info.id() + " (" + info.state() + ")");
            }
        }
        unloadable.values().forEach(info -> ids.add(info.id() + " (" + info.state() + ")"));
        ids.sort(null);
        return ids;
    }

    private synchronized Map<String, List<RuleApiProvider>> snapshot() {
        return new TreeMap<>(providers);
    }

    private void startNow(PluginWrapper plugin) {
        String id = plugin.getPluginId();
        failures.remove(id);
        try {
            LOG.info("starting plugin {} {}", id, plugin.getDescriptor().getVersion());
            PluginState state = startWithinLimit(id);
            if (state != PluginState.STARTED) {
                Throwable why = plugin.getFailedException();
                throw why != null ? why : new IllegalStateException("PF4J left it " + state);
            }
            // Built here rather than through PF4J's getExtensions, which logs a constructor's failure and leaves
            // the extension out, so that the plugin would show as started without its namespace.
            List<RuleApiProvider> made = new ArrayList<>();
            for (Class<? extends RuleApiProvider> type : manager.getExtensionClasses(RuleApiProvider.class, id)) {
                made.add(manager.getExtensionFactory().create(type));
            }
            providers.put(id, List.copyOf(made));
            LOG.info("plugin {} {} started", id, plugin.getDescriptor().getVersion());
            String nothing = offersNothing(plugin);
            if (nothing != null) {
                LOG.warn("plugin {} {}", id, nothing);
            }
        } catch (Throwable e) {
            String why = PluginFailures.describe(e);
            failures.put(id, why);
            providers.remove(id);
            LOG.error("plugin {} failed to start: {}", id, why);
            try {
                if (plugin.getPluginState() == PluginState.STARTED) {
                    manager.stopPlugin(id);
                }
            } catch (Throwable ignored) {
                // Already failed; the report above says why.
            }
            plugin.setPluginState(PluginState.FAILED);
            manager.forgetExtensions(plugin);
        } finally {
            version.incrementAndGet();
        }
    }

    /**
     * PF4J's start of the plugin on a thread of its own, so that a {@code start()} that never returns costs that
     * thread and not Warden's start: past {@link #startLimit} the plugin is failed and left to its thread.
     */
    private PluginState startWithinLimit(String id) throws Throwable {
        FutureTask<PluginState> start = new FutureTask<>(() -> manager.startPlugin(id));
        Thread thread = Thread.ofPlatform().daemon().name("plugin-start-" + id).start(start);
        try {
            return start.get(startLimit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            thread.interrupt();
            throw new IllegalStateException("its start() did not return within " + startLimit.toSeconds()
                    + "s; Warden goes on without it (the thread is left running: restart Warden once it is fixed)");
        } catch (ExecutionException e) {
            throw e.getCause();
        }
    }

    private PluginWrapper require(String id) {
        PluginWrapper plugin = manager.getPlugin(id);
        if (plugin == null) {
            throw new IllegalArgumentException("no plugin '" + Echo.of(id) + "' is loaded from " + folder);
        }
        return plugin;
    }

    private PluginInfo info(PluginWrapper plugin) {
        String id = plugin.getPluginId();
        PluginState state = plugin.getPluginState();
        String shown = failures.containsKey(id) ? "FAILED" : state == PluginState.STARTED ? "STARTED"
                : state == PluginState.DISABLED ? "DISABLED" : "STOPPED";
        String error = failures.containsKey(id) ? failures.get(id) : shown.equals("DISABLED")
                ? "not enabled: add " + id + " to plugins.enabled (WARDEN_PLUGINS_ENABLED) or to enabled.txt" : null;
        boolean started = shown.equals("STARTED");
        if (started && error == null) {
            error = PluginFailures.clashesOf(id, builtIns, snapshot());
        }
        if (started && error == null) {
            error = offersNothing(plugin);
        }
        return new PluginInfo(id, plugin.getDescriptor().getVersion(), shown,
                blankToNull(plugin.getDescriptor().getPluginDescription()),
                plugin.getPluginPath().getFileName().toString(), error,
                started ? PluginFailures.extensionPoints(manager.getExtensionClasses(id)) : null,
                started ? PluginFailures.withoutClashes(builtIns, snapshot()).stream()
                        .filter(p -> providers.getOrDefault(id, List.of()).contains(p))
                        .map(RuleApiProvider::namespace).toList() : null);
    }

    private String offersNothing(PluginWrapper plugin) {
        String id = plugin.getPluginId();
        return PluginFailures.offersNothing(manager.getExtensionClassNames(id), manager.getExtensionClasses(id),
                String.valueOf(plugin.getPluginPath().getFileName()));
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    /** Stops started plugins one by one (PF4J's stopPlugins() trips over its own list), then unloads them. */
    @Override
    public synchronized void close() {
        List<PluginWrapper> started = new ArrayList<>(manager.getStartedPlugins());
        java.util.Collections.reverse(started);
        for (PluginWrapper plugin : started) {
            try {
                manager.stopPlugin(plugin.getPluginId());
            } catch (Throwable e) {
                LOG.warn("plugin {} failed while stopping: {}", plugin.getPluginId(), PluginFailures.describe(e));
            }
        }
        try {
            manager.unloadPlugins();
        } catch (Throwable e) {
            LOG.warn("unloading plugins failed: {}", PluginFailures.describe(e));
        }
        providers.clear();
    }
}
