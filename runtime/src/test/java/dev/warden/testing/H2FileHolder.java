package dev.warden.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Another process holding an H2 database file open, as a running Warden does: H2's shell, which connects before its
 * banner. Close it to let the file go.
 */
public final class H2FileHolder implements AutoCloseable {

    private final Process process;

    private H2FileHolder(Process process) {
        this.process = process;
    }

    /** Starts the shell on {@code url} and returns once it has connected. */
    public static H2FileHolder hold(String url) throws Exception {
        Path h2 = Path.of(org.h2.Driver.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Process holder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                h2.toString(), "org.h2.tools.Shell", "-url", url, "-user", "", "-password", "")
                .redirectErrorStream(true).start();
        BufferedReader shell = new BufferedReader(new InputStreamReader(holder.getInputStream(),
                StandardCharsets.UTF_8));
        String line;
        while ((line = shell.readLine()) != null && !line.startsWith("Welcome to H2 Shell")) {
            // the blank line before the banner
        }
        if (line == null) {
            holder.destroyForcibly().waitFor();
            throw new IOException("H2's shell did not connect to " + url);
        }
        return new H2FileHolder(holder);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }
}
