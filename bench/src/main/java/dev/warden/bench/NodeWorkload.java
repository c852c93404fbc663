package dev.warden.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * The transform workload under node, driven batch by batch ({@code transform.mjs --paired}), so EngineBenchmark
 * can alternate Warden and node batches. Starting it runs node's warm-up. Not thread-safe.
 */
final class NodeWorkload implements AutoCloseable {

    private final Process process;
    private final PrintWriter commands;
    private final BufferedReader answers;
    private final double warmupSeconds;
    private final String version;

    NodeWorkload(Path script, int warmup, int perBatch, int objects) throws IOException {
        this.process = new ProcessBuilder(List.of("node", script.toString(), "--paired", String.valueOf(warmup),
                String.valueOf(perBatch), String.valueOf(objects)))
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        this.commands = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
        this.answers = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String[] ready = answer().split(" ");
        if (!ready[0].equals("ready")) {
            throw new IOException("node did not start the workload: " + String.join(" ", ready));
        }
        this.warmupSeconds = Double.parseDouble(ready[1]);
        this.version = ready[2];
    }

    double warmupSeconds() {
        return warmupSeconds;
    }

    String version() {
        return version;
    }

    /** ms per iteration over one batch. */
    double batch() throws IOException {
        return Double.parseDouble(ask("batch"));
    }

    /** ms per phase, as JSON, averaged over {@code iterations}. */
    String phases(int iterations) throws IOException {
        return ask("phases " + iterations);
    }

    /** One transform's result, as JSON. */
    String result() throws IOException {
        return ask("result");
    }

    private String ask(String command) throws IOException {
        commands.println(command);
        return answer();
    }

    private String answer() throws IOException {
        String line = answers.readLine();
        if (line == null || line.startsWith("error")) {
            throw new IOException("node ended or failed (" + line + "); its stderr is above");
        }
        return line;
    }

    @Override
    public void close() throws InterruptedException {
        commands.close();
        if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
