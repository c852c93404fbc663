package dev.warden.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.warden.runs.RunStatus;
import dev.warden.testing.RulesFolder;

/** Rules must not reach Java classes, files outside the rules folder, processes or the environment. */
class SandboxTest {

    @TempDir
    Path dir;
    RulesFolder rules;

    @BeforeEach
    void setUp() {
        rules = new RulesFolder(dir.resolve("rules"));
    }

    @AfterEach
    void tearDown() {
        rules.close();
    }

    private RunOutcome attempt(String body) {
        rules.write("attempt.js", """
                import { rule, manual } from 'warden';
                export default rule({ id: 'attempt', triggers: [manual()], async run() { %s } });
                """.formatted(body));
        return rules.engine().execute(rules.catalog().rule("attempt"), new RunInvocation("01T", "{}"));
    }

    @Test
    void javaTypeLookupFailsWithAClearError() {
        RunOutcome outcome = attempt("return Java.type('java.lang.Runtime').getRuntime().exec('id');");
        assertThat(outcome.status()).isEqualTo(RunStatus.FAILED);
        assertThat(outcome.error().message()).containsAnyOf("Java is not defined", "not allowed", "Access to host class");
    }

    @Test
    void loadOfASystemFileIsNotAvailable() {
        RunOutcome outcome = attempt("return load('/etc/passwd');");
        assertThat(outcome.status()).isEqualTo(RunStatus.FAILED);
        assertThat(outcome.error().message()).contains("load is not defined");
    }

    @Test
    void dynamicImportOfAnAbsolutePathOutsideTheRulesFolderIsRefused() {
        RunOutcome outcome = attempt("return await import('/etc/passwd');");
        assertThat(outcome.status()).isEqualTo(RunStatus.FAILED);
        assertThat(outcome.error().message()).contains("rules folder");
    }

    @Test
    void importOfAUrlOrAnotherRuntimesModuleIsRefusedInPlainWords() {
        for (String target : java.util.List.of("https://example.com/x.js", "node:fs", "jar:file:/x.jar!/a.js")) {
            RunOutcome outcome = attempt("return await import('" + target + "');");
            assertThat(outcome.status()).isEqualTo(RunStatus.FAILED);
            assertThat(outcome.error().message()).as(target).contains("rules folder", target)
                    .doesNotContain("java.", "Provider");
        }
    }

    @Test
    void importThroughDotDotIsRefused() throws Exception {
        Files.writeString(dir.resolve("secret.js"), "export const secret = 42;");
        RunOutcome outcome = attempt("return (await import('../secret.js')).secret;");
        assertThat(outcome.status()).isEqualTo(RunStatus.FAILED);
        assertThat(outcome.error().message()).contains("rules folder");
    }

    @Test
    void symlinkPointingOutOfTheRulesFolderIsRefused() throws Exception {
        Files.writeString(dir.resolve("secret.js"), "export const secret = 42;");
        Files.createDirectories(dir.resolve("rules"));
        Files.createSymbolicLink(dir.resolve("rules/link.js"), dir.resolve("secret.js"));
        RunOutcome outcome = attempt("return (await import('./link.js')).secret;");
        assertThat(outcome.status()).isEqualTo(RunStatus.FAILED);
        assertThat(outcome.error().message()).contains("rules folder");
    }

    @Test
    void importsBetweenRuleFilesWork() {
        rules.write("lib/greet.js", "export const greet = (who) => 'hello ' + who;");
        RunOutcome outcome = attempt("const { greet } = await import('./lib/greet.js'); return greet('bob');");
        assertThat(outcome.error()).isNull();
        assertThat(outcome.result()).isEqualTo("\"hello bob\"");
    }

    @Test
    void processAndEnvironmentAreNotReachable() {
        RunOutcome outcome = attempt("return typeof process + ',' + typeof require + ',' + typeof Polyglot;");
        assertThat(outcome.result()).isEqualTo("\"undefined,undefined,undefined\"");
    }
}
