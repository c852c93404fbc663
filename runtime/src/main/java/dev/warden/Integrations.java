package dev.warden;

import java.time.Clock;
import java.util.List;
import java.util.function.IntConsumer;

import dev.warden.config.WardenConfig;
import dev.warden.confluence.ConfluenceClient;
import dev.warden.confluence.ConfluenceConnection;
import dev.warden.confluence.ConfluenceRuleApi;
import dev.warden.confluence.RunHeaders;
import dev.warden.engine.RuleApis;
import dev.warden.outbound.DefaultHttpClientFactory;
import dev.warden.plugins.PluginHost;

/**
 * What rules reach beyond the engine, assembled from configuration: the outbound HTTP factory, the Confluence
 * client ({@code confluence}), and the plugin host with the namespaces of started plugins. The server, {@code warden
 * run}, {@code warden plugins} and {@code warden doctor} all build it the same way. Close it to stop the plugins.
 */
public final class Integrations implements AutoCloseable {

    private final DefaultHttpClientFactory http;
    private final ConfluenceClient confluence;
    private final PluginHost plugins;
    private final RuleApis ruleApis;

    private Integrations(DefaultHttpClientFactory http, ConfluenceClient confluence, PluginHost plugins) {
        this.http = http;
        this.confluence = confluence;
        this.plugins = plugins;
        this.ruleApis = plugins.ruleApis(List.of(new ConfluenceRuleApi(confluence)));
    }

    /**
     * @param runHeaders headers the runtime adds to a run's Confluence requests (the admin-key lease seam)
     */
    public static Integrations open(WardenConfig config, Clock clock, RunHeaders runHeaders) {
        DefaultHttpClientFactory http = new DefaultHttpClientFactory(config.outbound(), clock);
        ConfluenceConnection site = config.confluence().configured()
                ? new ConfluenceConnection(config.confluence(), http) : null;
        PluginHost plugins = PluginHost.start(config.paths().plugins(), config.plugins(), http, site, clock);
        return new Integrations(http, new ConfluenceClient(site, http, runHeaders), plugins);
    }

    public static Integrations open(WardenConfig config, Clock clock) {
        return open(config, clock, RunHeaders.NONE);
    }

    public DefaultHttpClientFactory http() {
        return http;
    }

    /**
     * Tells {@code counter} the status of every call to the Confluence site's REST API, by rules and plugins alike
     * (each retry counts; 0 when no answer came). Nothing when no site is configured.
     */
    public void onConfluenceAnswer(IntConsumer counter) {
        ConfluenceConnection site = confluence.connection();
        if (site != null) {
            http.onAnswer((uri, status) -> {
                if (site.serves(uri)) {
                    counter.accept(status);
                }
            });
        }
    }

    public ConfluenceClient confluence() {
        return confluence;
    }

    public PluginHost plugins() {
        return plugins;
    }

    /** The namespaces rules see: {@code confluence}, then those of started plugins. */
    public RuleApis ruleApis() {
        return ruleApis;
    }

    @Override
    public void close() {
        plugins.close();
    }
}
