package dev.warden.cli;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import dev.warden.Warden;

/** {@code warden serve}: runs the server until stopped. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Start the Warden server (HTTP API, rules folder watched for changes, run store).")
final class ServeCommand implements Callable<Integer> {

    @Mixin
    ConfigOption config = new ConfigOption();

    @Override
    public Integer call() throws InterruptedException {
        Warden warden = Warden.start(config.load());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            warden.close();
            stopped.countDown();
        }, "warden-shutdown"));
        stopped.await();
        return Exit.OK;
    }
}
