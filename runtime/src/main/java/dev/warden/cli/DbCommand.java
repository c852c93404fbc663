package dev.warden.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import dev.warden.store.H2FileCompaction;

/** {@code warden db compact}: the database file's upkeep, with Warden stopped. */
@Command(name = "db", mixinStandardHelpOptions = true, subcommands = DbCommand.Compact.class,
        description = "The database file's upkeep (with Warden stopped).")
final class DbCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    /** Without a subcommand: the usage, on standard error, and exit code 2. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return Exit.USAGE;
    }

    @Command(name = "compact", mixinStandardHelpOptions = true,
            description = {"Rewrite the H2 database file without its free space, giving that space back to the disk. "
                    + "While Warden runs, space freed by pruned runs is reused but the file does not shrink. Stop "
                    + "Warden first: only one process may open the file.",
                    "Exit 0 when compacted, 1 when H2 failed, 2 when the database is not an H2 file, has no file "
                            + "yet, or is open in another process."})
    static final class Compact implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Mixin
        ConfigOption config = new ConfigOption();

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            try {
                H2FileCompaction.Result r = H2FileCompaction.compact(config.load().database());
                out.printf(Locale.ROOT, "compacted %s: %s -> %s in %.1f s%n", r.file(), size(r.before()),
                        size(r.after()), r.took().toMillis() / 1000.0);
                out.flush();
                return Exit.OK;
            } catch (IllegalArgumentException | H2FileCompaction.FileInUse e) {
                err.println("warden db compact: " + e.getMessage());
                return Exit.USAGE;
            } catch (IllegalStateException e) {
                err.println("warden db compact: " + e.getMessage());
                return Exit.FAILED;
            }
        }

        /** MB, or KB for a file under 10 MB (a fresh database is about 2 MB). */
        static String size(long bytes) {
            return bytes < 10L << 20 ? String.format(Locale.ROOT, "%,d KB", bytes >> 10)
                    : String.format(Locale.ROOT, "%,d MB", bytes >> 20);
        }
    }
}
