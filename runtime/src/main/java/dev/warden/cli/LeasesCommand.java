package dev.warden.cli;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code warden leases [list|revoke-all|restore]}: asks a running server about admin-key leases. */
@Command(name = "leases", mixinStandardHelpOptions = true,
        description = {"Admin-key leases of a running Warden: list the active ones, or pull the kill switch.",
                "revoke-all disables the key, cancels leased runs and refuses new leases until restore.",
                "Sends the key in $WARDEN_API_KEY or --api-key-file (it needs leases:manage)."})
final class LeasesCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..1", defaultValue = "list", paramLabel = "ACTION",
            description = "list (default), revoke-all or restore")
    String action;

    @Mixin
    ConfigOption config = new ConfigOption();

    @Mixin
    ApiKeyOption apiKey = new ApiKeyOption();

    @Option(names = "--url", paramLabel = "URL",
            description = "Warden's base URL (default: $WARDEN_URL, else http://<http.host>:<http.port> from the "
                    + "config).")
    String url;

    @Override
    public Integer call() throws IOException, InterruptedException {
        String url = config.serverUrl(this.url);
        HttpRequest.Builder request = switch (action) {
            case "list" -> HttpRequest.newBuilder(URI.create(url + "/api/v1/leases")).GET();
            case "revoke-all", "restore" -> HttpRequest.newBuilder(URI.create(url + "/api/v1/leases/" + action))
                    .POST(HttpRequest.BodyPublishers.noBody());
            default -> null;
        };
        if (request == null) {
            spec.commandLine().getErr().println("warden leases: unknown action '" + action
                    + "'; use list, revoke-all or restore");
            return Exit.USAGE;
        }
        try {
            request.header("x-api-key", apiKey.require("leases:manage"));
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("warden leases: " + e.getMessage());
            return Exit.USAGE;
        }
        HttpResponse<String> answer;
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
            answer = http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            spec.commandLine().getErr().println("warden leases: no Warden answered at " + url + " (" + Unreachable.why(e)
                    + "); start it or pass --url");
            return Exit.USAGE;
        }
        (answer.statusCode() / 100 == 2 ? spec.commandLine().getOut() : spec.commandLine().getErr())
                .println(answer.body());
        spec.commandLine().getOut().flush();
        return answer.statusCode() / 100 == 2 ? Exit.OK : Exit.FAILED;
    }
}
