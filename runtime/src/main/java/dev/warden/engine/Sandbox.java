package dev.warden.engine;

import java.io.OutputStream;
import java.nio.file.Path;

import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.EnvironmentAccess;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.PolyglotAccess;
import org.graalvm.polyglot.ResourceLimits;
import org.graalvm.polyglot.SandboxPolicy;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.io.IOAccess;

import dev.warden.rules.internal.RulesFileSystem;
import dev.warden.rules.internal.WardenModule;

/**
 * The one shared GraalJS {@link Engine} of the process and the recipe for every rule context.
 *
 * <p>Contexts are {@link SandboxPolicy#CONSTRAINED}: only {@code @HostAccess.Export}-ed members are visible, no host
 * class lookup, no threads, processes, native access or environment, and files only through a read-only
 * {@link RulesFileSystem} rooted at the rules folder. Thread-safe; contexts it makes are not.
 */
public final class Sandbox implements AutoCloseable {

    private static final String MODULE = "application/javascript+module";

    private final Engine engine;
    private final RulesFileSystem fileSystem;
    private final long statementLimit;
    private final Source bootstrap;

    public Sandbox(Path rulesRoot, long statementLimit) {
        this.engine = Engine.newBuilder("js")
                .sandbox(SandboxPolicy.CONSTRAINED)
                .out(OutputStream.nullOutputStream())
                .err(OutputStream.nullOutputStream())
                .option("engine.WarnInterpreterOnly", "false")
                .build();
        this.fileSystem = new RulesFileSystem(rulesRoot);
        this.statementLimit = statementLimit;
        this.bootstrap = Source.newBuilder("js", WardenModule.bootstrap(), "warden-bootstrap.js").buildLiteral();
        initialiseLazyClasses();
    }

    /**
     * Creates one of each typed array and buffer in a throwaway context. GraalJS initialises the Java classes behind
     * them on first use, once per JVM; a first use deep in a stack overflow (a rule recursing until it is caught)
     * fails that initialisation for good, and every later typed array in every rule would then fail too.
     */
    private void initialiseLazyClasses() {
        try (Context context = newContext()) {
            context.eval("js", "for (const T of [Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Uint16Array,"
                    + " Int32Array, Uint32Array, Float32Array, Float64Array, BigInt64Array, BigUint64Array])"
                    + " new T(new ArrayBuffer(8))[0]; new DataView(new ArrayBuffer(8)).getInt8(0);");
        }
    }

    public Path rulesRoot() {
        return fileSystem.root();
    }

    /** A new context; the caller owns it and must use it from one thread at a time. */
    public Context newContext() {
        Context.Builder builder = Context.newBuilder("js")
                .engine(engine)
                .sandbox(SandboxPolicy.CONSTRAINED)
                .out(OutputStream.nullOutputStream())
                .err(OutputStream.nullOutputStream())
                .allowHostAccess(HostAccess.CONSTRAINED)
                .allowHostClassLookup(name -> false)
                .allowPolyglotAccess(PolyglotAccess.NONE)
                .allowCreateThread(false)
                .allowCreateProcess(false)
                .allowNativeAccess(false)
                .allowEnvironmentAccess(EnvironmentAccess.NONE)
                .allowIO(IOAccess.newBuilder().fileSystem(fileSystem).build())
                .option("js.esm-eval-returns-exports", "true")
                .option("js.load", "false")
                // The bootstrap's handler (Graal.setUnhandledPromiseRejectionHandler) logs such a rejection in the
                // run: otherwise a promise nobody awaited fails without a trace.
                .option("js.unhandled-rejections", "handler")
                .option("js.print", "false");
        if (statementLimit > 0) {
            builder.resourceLimits(ResourceLimits.newBuilder().statementLimit(statementLimit, null).build());
        }
        return builder.build();
    }

    /** The host-side script that builds a run's context object; evaluated once per context. */
    public Source bootstrap() {
        return bootstrap;
    }

    /** A rule file as an ES module named by its path relative to the rules folder, so errors point at it. */
    public Source moduleSource(Path file, String relativeName) throws java.io.IOException {
        return Source.newBuilder("js", file.toFile()).name(relativeName).mimeType(MODULE).build();
    }

    @Override
    public void close() {
        engine.close(true);
    }
}
