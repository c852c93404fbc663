package dev.warden.plugins;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import org.pf4j.PluginState;
import org.pf4j.PluginWrapper;
import org.pf4j.util.FileUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
    private final Map<String, List<RuleApiProvider>> providers = new LinkedHashMap<>();
    private final AtomicLong version = new AtomicLong();

    private PluginHost(Path folder, WardenPluginManager manager) {
        this.folder = folder;
        this.manager = manager;
    }

    /** Loads every plugin of {@code folder} and starts the enabled ones; never throws for a plugin's fault. */
    public static PluginHost start(Path folder, PluginsConfig config, HttpClientFactory http, ConfluenceSite site,
                                   Clock clock) {
        WardenPluginManager manager = new WardenPluginManager(folder, config.enabled(),
                id -> new DefaultPluginContext(id, config, http, site, clock));
        PluginHost host = new PluginHost(folder, manager);
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
                if (manager.loadPlugin(path) == null) {
                    unloadable(name, "PF4J could not load it (see the log above)");
                }
            } catch (Throwable e) {
                unloadable(name, PluginFailures.describe(e));
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
        return new RuleApis() {
            @Override
            public List<RuleApiProvider> current() {
                return PluginFailures.withoutClashes(builtIns, snapshot());
            }

            @Override
            public long version() {
                return version.get();
            }
        };
    }

    private synchronized Map<String, List<RuleApiProvider>> snapshot() {
        return new LinkedHashMap<>(providers);
    }

    private void startNow(PluginWrapper plugin) {
        String id = plugin.getPluginId();
        failures.remove(id);
        try {
            PluginState state = manager.startPlugin(id);
            if (state != PluginState.STARTED) {
                Throwable why = plugin.getFailedException();
                throw why != null ? why : new IllegalStateException("PF4J left it " + state);
            }
            providers.put(id, List.copyOf(manager.getExtensions(RuleApiProvider.class, id)));
            LOG.info("plugin {} {} started", id, plugin.getDescriptor().getVersion());
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

    private PluginWrapper require(String id) {
        PluginWrapper plugin = manager.getPlugin(id);
        if (plugin == null) {
            throw new IllegalArgumentException("no plugin '" + id + "' is loaded from " + folder);
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
        return new PluginInfo(id, plugin.getDescriptor().getVersion(), shown,
                blankToNull(plugin.getDescriptor().getPluginDescription()),
                plugin.getPluginPath().getFileName().toString(), error,
                started ? PluginFailures.extensionPoints(manager.getExtensionClasses(id)) : null,
                started ? providers.getOrDefault(id, List.of()).stream().map(RuleApiProvider::namespace).toList()
                        : null);
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
