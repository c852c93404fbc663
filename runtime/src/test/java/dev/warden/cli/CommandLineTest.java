package dev.warden.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;

import dev.warden.Warden;
import dev.warden.config.ConfigException;
import dev.warden.config.ConfigLoader;
import dev.warden.config.WardenConfig;
import dev.warden.http.Json;
import dev.warden.testing.TestWarden;

/** The `warden` command in-process: exit codes and what it prints. */
class CommandLineTest {

    @TempDir
    Path dir;
    Path rules;
    Path config;
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    @BeforeEach
    void setUp() throws Exception {
        rules = Files.createDirectories(dir.resolve("rules"));
        config = dir.resolve("warden.properties");
        Files.writeString(config, "paths.rules=" + rules + "\npaths.data=" + dir.resolve("data") + "\n");
        Files.writeString(rules.resolve("ok.js"), """
                import { rule, manual } from 'warden';
                export default rule({ id: 'ok', triggers: [manual()], run({ event, log }) {
                  log.info('hi', { who: event.body?.who });
                  return { who: event.body?.who ?? null };
                } });
                export const broken = rule({ id: 'broken', triggers: [manual()], run() { null.x; } });
                """);
    }

    private int warden(String... args) {
        CommandLine cli = WardenCommand.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void checkOfAGoodFolderExitsZero() {
        assertThat(warden("check", "--config", config.toString(), rules.toString())).isZero();
        assertThat(err.toString()).contains("2 rule(s), 0 problem(s)");
    }

    @Test
    void checkAndScheduleReadAZonelessStartAtInTheZoneSettingAsTheServerDoes() throws Exception {
        // 08:00 in Berlin is 07:00Z, before the endAt; read in UTC it would come after it.
        Files.writeString(rules.resolve("window.js"), """
                import { rule, every } from 'warden';
                export default rule({ id: 'window', run() {},
                  triggers: [every('1h', { startAt: '2030-01-01T08:00', endAt: '2030-01-01T07:30Z' })] });
                """);
        Files.writeString(config, Files.readString(config) + "zone=Europe/Berlin\n");
        assertThat(warden("check", "--config", config.toString(), rules.toString())).as(out.toString()).isZero();
        assertThat(warden("schedule", "--config", config.toString(), "window")).as(err.toString()).isZero();
        assertThat(out.toString()).contains("next 1 fire(s)").contains("2030-01-01T07:00:00Z  every 1h");

        Files.writeString(config, Files.readString(config).replace("Europe/Berlin", "America/New_York"));
        assertThat(warden("check", "--config", config.toString(), rules.toString())).isEqualTo(1);
        assertThat(out.toString()).contains("window.js:").contains("endAt 2030-01-01T07:30Z is not after startAt "
                + "2030-01-01T08:00");
    }

    @Test
    void checkWarnsOfARequestTimeoutNotBelowTheRuleTimeoutWithoutFailing() throws Exception {
        Files.writeString(config, Files.readString(config) + "outbound.requestTimeout=45s\n");
        assertThat(warden("check", "--config", config.toString(), rules.toString())).isZero();
        assertThat(err.toString()).contains("warning: outbound.requestTimeout (45s) is not below engine.timeout (30s)");
    }

    @Test
    void checkPrintsAWarningForAMistypedWardenVariableThoughItsLogShowsErrorsOnly() throws Exception {
        // A child process: the variable must be in the real environment, which this JVM cannot change.
        ProcessBuilder builder = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
                "-Dpolyglot.engine.WarnInterpreterOnly=false", "-cp", System.getProperty("java.class.path"),
                "dev.warden.cli.WardenCommand", "check", "--config", config.toString(), rules.toString()))
                .redirectErrorStream(true);
        builder.environment().put("WARDEN_ENGINE_TIMOUT", "5s");
        Process child = builder.start();
        String printed = new String(child.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(child.waitFor()).as(printed).isZero();
        assertThat(printed).contains("warning: the environment variable WARDEN_ENGINE_TIMOUT is not one Warden reads, "
                + "so it is ignored; did you mean WARDEN_ENGINE_TIMEOUT (engine.timeout)?");
    }

    @Test
    void runOfARuleThatCannotBeStoppedFailsSayingSoInsteadOfNeverEnding() throws Exception {
        // A child process: the rule's thread never ends, and would burn a core in this JVM for good.
        Files.writeString(rules.resolve("unstoppable.js"), dev.warden.http.UnstoppableRuleTest.UNSTOPPABLE);
        ProcessBuilder builder = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
                "-Dpolyglot.engine.WarnInterpreterOnly=false", "-cp", System.getProperty("java.class.path"),
                "dev.warden.cli.WardenCommand", "run", "--config", config.toString(),
                rules.resolve("unstoppable.js").toString())).redirectErrorStream(true)
                .redirectOutput(dir.resolve("child.log").toFile());
        Process child = builder.start();
        try {
            assertThat(child.waitFor(90, java.util.concurrent.TimeUnit.SECONDS)).as("the command ends").isTrue();
            String printed = Files.readString(dir.resolve("child.log"));
            assertThat(child.exitValue()).as(printed).isEqualTo(1);
            assertThat(printed).contains("FAILED: rule unstoppable did not stop when its timeout stopped it");
        } finally {
            child.destroyForcibly();
        }
    }

    @Test
    void checkListsAFilesProblemsInLineOrder() throws Exception {
        Files.writeString(rules.resolve("order.js"), """
                import { rule, manual } from 'warden';
                export const z = rule({ id: 'Z is not an id', triggers: [manual()], run() {} });

                export const a = rule({ id: 'A is not an id', triggers: [manual()], run() {} });
                """);
        assertThat(warden("check", "--config", config.toString(), rules.toString())).isEqualTo(1);
        List<String> lines = out.toString().lines().filter(l -> l.contains("order.js:")).toList();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).contains("order.js:2:");
        assertThat(lines.get(1)).contains("order.js:4:");
    }

    @Test
    void checkPrintsFileLineColumnPerProblemAndExitsOne() throws Exception {
        Files.writeString(rules.resolve("bad.js"), """
                import { rule, cron } from 'warden';
                export default rule({ id: 'bad', triggers: [cron('61 * * * * ?')], run() {} });
                """);
        assertThat(warden("check", "--config", config.toString(), rules.toString())).isEqualTo(1);
        assertThat(out.toString()).contains(rules.resolve("bad.js") + ":2:").contains("invalid cron expression");
    }

    @Test
    void runOfASucceedingRulePrintsLogsAndResultAndExitsZero() throws Exception {
        Path event = dir.resolve("event.json");
        Files.writeString(event, "{\"body\": {\"who\": \"ada\"}}");
        assertThat(warden("run", "--config", config.toString(), "ok", "--event", event.toString())).isZero();
        assertThat(out.toString()).contains("INFO hi {\"who\":\"ada\"}").contains("\"who\" : \"ada\"");
    }

    @Test
    void commandsThatServeNothingWorkWithoutASignedWebhooksSecretWhileServingRefusesNamingIt() throws Exception {
        Files.writeString(config, Files.readString(config) + "webhooks.github-push.auth=signature\n");
        assertThat(warden("check", "--config", config.toString(), rules.toString())).as(err.toString()).isZero();
        assertThat(warden("run", "--config", config.toString(), "ok")).as(err.toString()).isZero();
        WardenConfig loaded = ConfigLoader.fromSystem().load(config);
        assertThatThrownBy(() -> Warden.start(loaded)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("WARDEN_WEBHOOK_GITHUB_PUSH_SECRET");
    }

    @Test
    void leasesTalksToTheServerTheConfigNamesWithTheKeyFromAFile() throws Exception {
        try (TestWarden server = TestWarden.in(dir.resolve("server")).start()) {
            Path client = dir.resolve("client.properties");
            Files.writeString(client, "http.port=" + server.port() + "\n");
            Path key = dir.resolve("key.txt");
            Files.writeString(key, TestWarden.ADMIN_KEY + "\n");
            assertThat(warden("leases", "--config", client.toString(), "--api-key-file", key.toString()))
                    .as(err.toString()).isZero();
            assertThat(out.toString()).contains("\"leases\"");
            if (System.getenv("WARDEN_API_KEY") == null && System.getenv("WARDEN_URL") == null) {
                assertThat(warden("leases", "--config", client.toString())).isEqualTo(2);
                assertThat(err.toString()).contains("no API key").contains("leases:manage");
            }
        }
    }

    @Test
    void keysAndLeasesSayWhyNoServerAnsweredRatherThanNull() throws Exception {
        int closed;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        Path key = Files.writeString(dir.resolve("key.txt"), TestWarden.ADMIN_KEY + "\n");
        String url = "http://127.0.0.1:" + closed;
        assertThat(warden("keys", "list", "--url", url, "--api-key-file", key.toString())).isEqualTo(1);
        assertThat(warden("leases", "--url", url, "--api-key-file", key.toString())).isEqualTo(2);
        assertThat(warden("keys", "list", "--url", "http://no-such-host.invalid:8080", "--api-key-file",
                key.toString())).isEqualTo(1);
        assertThat(err.toString()).doesNotContain("null")
                .contains("warden keys: cannot reach Warden at " + url + " (")
                .contains("warden leases: no Warden answered at " + url + " (")
                .containsIgnoringCase("connection refused").contains("unknown host");
    }

    @Test
    void runOfAFileWithSeveralRulesNeedsRuleOption() {
        assertThat(warden("run", rules.resolve("ok.js").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("--rule");
        assertThat(warden("run", rules.resolve("ok.js").toString(), "--rule", "ok", "--json")).isZero();
        assertThat(Json.parseBody(out.toString()).path("status").asText()).isEqualTo("SUCCEEDED");
    }

    @Test
    void runOfAFailingRuleExitsOneAndNamesTheLine() {
        assertThat(warden("run", "--config", config.toString(), "broken")).isEqualTo(1);
        assertThat(err.toString()).contains("FAILED: ok.js:6:").contains("TypeError");
    }

    @Test
    void runOfAFileThatDoesNotCompileExitsTwo() throws Exception {
        Path file = rules.resolve("syntax.js");
        Files.writeString(file, "export default {{;\n");
        assertThat(warden("run", file.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("syntax.js:1:").contains("SyntaxError");
    }

    @Test
    void runWithMalformedEventFileExitsTwoNamingThePosition() throws Exception {
        Path event = dir.resolve("event.json");
        Files.writeString(event, "{\"body\": }");
        assertThat(warden("run", "--config", config.toString(), "ok", "--event", event.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("not valid JSON at line 1");
    }

    @Test
    void unknownRuleIdExitsTwo() {
        assertThat(warden("run", "--config", config.toString(), "nope")).isEqualTo(2);
        assertThat(err.toString()).contains("no rule 'nope'");
    }

    @Test
    void versionAndHelpWork() {
        assertThat(warden("--version")).isZero();
        assertThat(out.toString()).contains("warden ").contains("java ");
        assertThat(warden("run", "--help")).isZero();
        assertThat(out.toString()).contains("--event");
    }

    @Test
    void typesPrintsTheDeclarationFile() {
        assertThat(warden("types")).isZero();
        assertThat(out.toString()).contains("declare module 'warden'").contains("export function rule");
    }

    @Test
    void theReadmeNamesEveryCommand() throws Exception {
        String line = Files.readAllLines(Path.of("..", "README.md")).stream()
                .filter(l -> l.startsWith("`./warden serve |")).findFirst().orElseThrow();
        Set<String> documented = new TreeSet<>(List.of(line.substring("`./warden ".length(), line.indexOf('`', 1))
                .split(" \\| ")));
        Set<String> commands = new TreeSet<>(new CommandLine(new WardenCommand()).getSubcommands().keySet());
        commands.remove("help");
        assertThat(documented).isEqualTo(commands);
    }

    @Test
    void everyOptionAndParameterOfEveryCommandSaysInItsHelpWhatItIs() {
        List<String> bare = new java.util.ArrayList<>();
        List<CommandLine> commands = new java.util.ArrayList<>(List.of(new CommandLine(new WardenCommand())));
        for (int i = 0; i < commands.size(); i++) {
            CommandLine.Model.CommandSpec spec = commands.get(i).getCommandSpec();
            commands.addAll(commands.get(i).getSubcommands().values());
            spec.options().stream().filter(o -> String.join("", o.description()).isBlank())
                    .forEach(o -> bare.add(spec.qualifiedName() + " " + o.longestName()));
            spec.positionalParameters().stream().filter(p -> String.join("", p.description()).isBlank())
                    .forEach(p -> bare.add(spec.qualifiedName() + " " + p.paramLabel()));
        }
        assertThat(bare).isEmpty();
    }

    @Test
    void theLaunchersHeaderNamesEveryCommand() throws Exception {
        String line = Files.readAllLines(Path.of("..", "warden")).stream()
                .filter(l -> l.startsWith("#   ./warden serve |")).findFirst().orElseThrow();
        Set<String> documented = new TreeSet<>(List.of(line.substring("#   ./warden ".length(), line.indexOf(" | --help"))
                .split(" \\| ")));
        Set<String> commands = new TreeSet<>(new CommandLine(new WardenCommand()).getSubcommands().keySet());
        commands.remove("help");
        assertThat(documented).isEqualTo(commands);
    }

    @Test
    void runShowsTheStatusAndBodyARuleChoseWithRespondNotItsInternalMark() throws Exception {
        Files.writeString(rules.resolve("busy.js"), """
                import { rule, manual, respond } from 'warden';
                export default rule({ id: 'busy', triggers: [manual()], run() {
                  return respond(409, { reason: 'locked' });
                } });
                """);
        assertThat(warden("run", "--config", config.toString(), "busy")).isZero();
        assertThat(out.toString()).contains("respond(): HTTP 409").contains("\"reason\" : \"locked\"")
                .doesNotContain("__warden");
        out.getBuffer().setLength(0);
        assertThat(warden("run", "--config", config.toString(), "--json", "busy")).isZero();
        assertThat(Json.MAPPER.readTree(out.toString()).get("response").get("status").asInt()).isEqualTo(409);
        assertThat(out.toString()).doesNotContain("__warden");
    }

    @Test
    void aCommandGroupWithoutItsSubcommandPrintsItsUsageAndExitsTwo() {
        assertThat(warden("keys")).isEqualTo(2);
        assertThat(err.toString()).contains("Usage: warden keys", "create");
        assertThat(warden("db")).isEqualTo(2);
        assertThat(err.toString()).contains("Usage: warden db", "compact");
    }
}
