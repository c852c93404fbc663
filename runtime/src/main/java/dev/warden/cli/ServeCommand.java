package dev.warden.cli;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import dev.warden.Warden;
import dev.warden.config.WardenConfig;
import dev.warden.simulator.ConfluenceSimulator;

/** {@code warden serve}: runs the server until stopped. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Start the Warden server (HTTP API, rules folder watched for changes, run store).",
                "With no Confluence site configured it runs the embedded simulator and talks to it."})
final class ServeCommand implements Callable<Integer> {

    @Mixin
    ConfigOption config = new ConfigOption();

    @Option(names = "--simulator-port", defaultValue = "${env:WARDEN_SIMULATOR_PORT:-8090}",
            description = "Port of the embedded simulator when no site is configured (default ${DEFAULT-VALUE}).")
    int simulatorPort;

    @Override
    public Integer call() throws InterruptedException {
        WardenConfig settings = config.load();
        ConfluenceSimulator simulator = null;
        if (!settings.confluence().configured() && !"false".equalsIgnoreCase(System.getenv("WARDEN_SIMULATOR"))) {
            simulator = EmbeddedSimulator.start(simulatorPort);
            settings = config.load(EmbeddedSimulator.settings(simulator));
        }
        Warden warden = Warden.start(settings);
        ConfluenceSimulator embedded = simulator;
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            warden.close();
            if (embedded != null) {
                embedded.close();
            }
            stopped.countDown();
        }, "warden-shutdown"));
        stopped.await();
        return Exit.OK;
    }
}
