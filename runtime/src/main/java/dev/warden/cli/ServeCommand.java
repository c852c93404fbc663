package dev.warden.cli;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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

    private static final Logger LOG = LoggerFactory.getLogger(ServeCommand.class);

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
            // An operator (or a supervisor's log) sees that the stop was asked for and that it completed: the
            // process's exit status after SIGTERM is the JVM's 143 either way.
            long asked = System.nanoTime();
            LOG.info("stopping: running runs are cancelled, queued runs run at the next start");
            warden.close();
            if (embedded != null) {
                embedded.close();
            }
            LOG.info("Warden stopped in {} ms", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - asked));
            stopped.countDown();
        }, "warden-shutdown"));
        stopped.await();
        return Exit.OK;
    }
}
