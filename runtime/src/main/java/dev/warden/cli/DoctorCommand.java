package dev.warden.cli;

import java.io.PrintWriter;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import dev.warden.Integrations;
import dev.warden.doctor.Doctor;
import dev.warden.doctor.Verdict;

/** {@code warden doctor}: checks the configured Confluence site, account, admin key and Compliance key. */
@Command(name = "doctor", mixinStandardHelpOptions = true,
        description = {"Check the configured Confluence site and account: credentials, product access, admin "
                + "rights, admin key availability, Compliance key validity and scopes. One verdict per line.",
                "Exit 0 when nothing failed, 1 otherwise."})
final class DoctorCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOption config = new ConfigOption();

    @Option(names = "--try-admin-key", description = "Enable the admin key for one minute and disable it again, "
            + "to prove it can be used (both are recorded in the site's audit log).")
    boolean tryAdminKey;

    @Override
    public Integer call() {
        List<Verdict> verdicts;
        try (Integrations integrations = Integrations.open(config.loadPrintingWarnings(spec.commandLine().getErr()),
                Clock.systemUTC())) {
            verdicts = new Doctor(integrations, tryAdminKey).run();
        }
        PrintWriter out = spec.commandLine().getOut();
        for (Verdict v : verdicts) {
            out.printf("%-5s %-28s %s%n", v.status(), v.check(), v.detail());
            if (v.diagnosis() != null) {
                out.println("      " + v.diagnosis());
            }
        }
        out.flush();
        return verdicts.stream().anyMatch(v -> v.status() == Verdict.Status.FAIL) ? Exit.FAILED : Exit.OK;
    }
}
