package dev.warden.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The rule files the benchmark writes into its temporary rules folder. */
final class BenchRules {

    static final String TRIVIAL = "trivial";
    static final String TRANSFORM = "transform";
    static final String PHASES = "transform-phases";

    private BenchRules() {
    }

    /** Writes the rules; the transform's library is bench/node/workload.mjs, byte for byte (a jar resource). */
    static void writeTo(Path root, int objects) {
        write(root.resolve("trivial.js"), """
                import { rule, manual } from 'warden';

                export default rule({
                  id: 'trivial',
                  triggers: [manual()],
                  run() {
                    return { ok: true };
                  },
                });
                """);
        write(root.resolve("transform.js"), """
                import { rule, manual } from 'warden';
                import { transform } from './lib/workload.mjs';

                export default rule({
                  id: 'transform',
                  triggers: [manual()],
                  timeout: '60s',
                  run() {
                    return transform(%d);
                  },
                });
                """.formatted(objects));
        write(root.resolve("phases.js"), """
                import { rule, manual } from 'warden';
                import { phaseTimes } from './lib/workload.mjs';

                export default rule({
                  id: 'transform-phases',
                  triggers: [manual()],
                  timeout: '60s',
                  run({ event }) {
                    return phaseTimes(event.objects, event.iterations);
                  },
                });
                """);
        write(root.resolve("lib/workload.mjs"), workload());
    }

    static String workload() {
        try (InputStream in = BenchRules.class.getResourceAsStream("/dev/warden/bench/node/workload.mjs")) {
            if (in == null) {
                throw new IllegalStateException("workload.mjs is missing from the bench jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
