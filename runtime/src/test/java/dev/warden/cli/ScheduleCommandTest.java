package dev.warden.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;

/** The launcher's commands as a user runs them, with a config file and no server. */
class ScheduleCommandTest {

    @TempDir
    Path dir;
    Path rules;
    Path config;
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    @BeforeEach
    void setUp() throws IOException {
        rules = Files.createDirectories(dir.resolve("rules"));
        config = Files.writeString(dir.resolve("warden.properties"), "paths.rules=" + rules + "\nzone=Europe/Berlin\n");
    }

    private int warden(String... args) {
        CommandLine cli = WardenCommand.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        return cli.execute(args);
    }

    @Test
    void scheduleListsTheNextFiresInTheTriggersZoneAndInUtc() throws IOException {
        Files.writeString(rules.resolve("ny.js"), """
                import { rule, cron } from 'warden';
                export default rule({ id: 'ny', triggers: [cron('0 0 9 ? * MON-FRI', { zone: 'America/New_York' })],
                  run: () => 1 });
                """);
        assertThat(warden("schedule", "ny", "--next", "3", "-c", config.toString())).isEqualTo(0);
        List<String> lines = out.toString().lines().toList();
        assertThat(lines.getFirst()).isEqualTo("ny (misfire run-once, concurrency skip, server zone Europe/Berlin)");
        assertThat(lines.get(1)).isEqualTo("  cron 0 0 9 ? * MON-FRI (America/New_York)");
        assertThat(lines.get(2)).isEqualTo("next 3 fire(s), local time in the trigger's zone, then UTC:");
        assertThat(lines.subList(3, 6)).allSatisfy(line -> assertThat(line)
                .matches("  \\d{4}-\\d\\d-\\d\\d 09:00:00 -0[45]:00 (Mon|Tue|Wed|Thu|Fri) America/New_York +"
                        + "\\d{4}-\\d\\d-\\d\\dT1[34]:00:00Z  cron 0 0 9 \\? \\* MON-FRI \\(America/New_York\\)"));
    }

    @Test
    void scheduleOfAnUnknownRuleIsAUsageError() {
        assertThat(warden("schedule", "nope", "-c", config.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("no rule 'nope' in " + rules.toAbsolutePath().normalize());
    }

    @Test
    void checkRejectsAnInvalidCronExpressionWithFileAndLine() throws IOException {
        Files.writeString(rules.resolve("bad.js"), """
                import { rule, cron } from 'warden';
                export default rule({ id: 'bad', run: () => 1,
                  triggers: [cron('0 61 * * * ?')] });
                """);
        assertThat(warden("check", rules.toString(), "-c", config.toString())).isEqualTo(1);
        assertThat(out.toString()).startsWith(rules.resolve("bad.js") + ":3:14: invalid cron expression "
                + "'0 61 * * * ?'");
    }
}
