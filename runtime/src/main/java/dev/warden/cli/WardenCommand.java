package dev.warden.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code warden}: the entry point of the launcher. Each sub-command is one small class. */
@Command(name = "warden", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Automation runtime for Confluence Cloud: sandboxed JavaScript rules, admin-key leases, plugins.",
        subcommands = {ServeCommand.class, RunCommand.class, CheckCommand.class, SimCommand.class, ScheduleCommand.class, LeasesCommand.class,
                KeysCommand.class, TypesCommand.class, PluginsCommand.class, DoctorCommand.class, DbCommand.class,
                CommandLine.HelpCommand.class})
public final class WardenCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        boolean quiet = args.length > 0 && !args[0].equals("serve") && !args[0].equals("sim");
        if (quiet && System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "error");
        }
        // Jetty's request parser logs each header's value at DEBUG (API keys, signatures): never, whatever the
        // levels an operator raises while debugging.
        System.setProperty("org.slf4j.simpleLogger.log.org.eclipse.jetty.http.HttpParser", "info");
        System.exit(commandLine().execute(args));
    }

    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new WardenCommand());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("warden: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            return Exit.USAGE;
        });
        return cli;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
