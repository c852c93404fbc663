package dev.warden.cli;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import dev.warden.simulator.ConfluenceSimulator;
import dev.warden.simulator.SimulatorOptions;

/** {@code warden sim}: serves the simulated Confluence Cloud site and Compliance API on its own port. */
@Command(name = "sim", mixinStandardHelpOptions = true,
        description = "Serve the simulated Confluence Cloud site and Compliance for Confluence API (a test double).")
final class SimCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--port", defaultValue = "8090", description = "Port (default ${DEFAULT-VALUE}; 0 picks one).")
    int port;

    @Override
    public Integer call() throws InterruptedException {
        ConfluenceSimulator simulator = ConfluenceSimulator.start(SimulatorOptions.defaults().withPort(port));
        spec.commandLine().getOut().println(simulator.banner());
        spec.commandLine().getOut().flush();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            simulator.close();
            stopped.countDown();
        }, "warden-sim-shutdown"));
        stopped.await();
        return Exit.OK;
    }
}
