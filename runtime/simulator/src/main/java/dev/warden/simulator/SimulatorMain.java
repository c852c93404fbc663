package dev.warden.simulator;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the simulator on its own: {@code SimulatorMain [--port N] [--host H] [--fixture FILE]}, port 8090 by default.
 * Prints the banner and serves until the process is stopped.
 */
public final class SimulatorMain {
    static final int DEFAULT_PORT = 8090;
    private static final String USAGE =
            "usage: warden sim [--port N] [--host ADDRESS] [--fixture FILE]   (default port " + DEFAULT_PORT + ")";

    private SimulatorMain() {}

    public static void main(String[] args) throws InterruptedException {
        SimulatorOptions options;
        try {
            options = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        if (options == null) {
            System.out.println(USAGE);
            return;
        }
        ConfluenceSimulator simulator = ConfluenceSimulator.start(options);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            simulator.close();
            stopped.countDown();
        }, "simulator-shutdown"));
        System.out.println(simulator.banner());
        System.out.println("Serving " + simulator.baseUrl() + " until stopped (Ctrl+C).");
        stopped.await();
    }

    /** The options the arguments ask for, or null when they ask for help. */
    static SimulatorOptions parse(String[] args) {
        SimulatorOptions options = SimulatorOptions.defaults().withPort(DEFAULT_PORT);
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--help", "-h" -> {
                    return null;
                }
                case "--port" -> options = options.withPort(number(value(args, ++i, "--port")));
                case "--host" -> options = options.withHost(value(args, ++i, "--host"));
                case "--fixture" -> options = options.withFixture(Path.of(value(args, ++i, "--fixture")));
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        return options;
    }

    private static String value(String[] args, int index, String option) {
        if (index >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[index];
    }

    private static int number(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--port must be a number, was " + text);
        }
    }
}
