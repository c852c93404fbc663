package dev.warden.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.warden.engine.RunInvocation;
import dev.warden.testing.RulesFolder;

/** Hot reload: changed, added and removed files are picked up; a broken file keeps its last good version. */
class RuleCatalogTest {

    @RegisterExtension
    final RulesFolder rules = RulesFolder.perTest();

    private static String versioned(String value) {
        return """
                import { rule, manual } from 'warden';
                export default rule({ id: 'versioned', triggers: [manual()], run() { return '%s'; } });
                """.formatted(value);
    }

    private String run(String id) {
        return rules.engine().execute(rules.catalog().rule(id), new RunInvocation("01T", "{}")).result();
    }

    @Test
    void changedFileIsPickedUpWithoutRestart() {
        rules.write("v.js", versioned("one"));
        assertThat(run("versioned")).isEqualTo("\"one\"");
        rules.write("v.js", versioned("two"));
        assertThat(run("versioned")).isEqualTo("\"two\"");
    }

    @Test
    void fileThatNoLongerCompilesKeepsTheLastGoodVersionAndReportsTheError() {
        rules.write("v.js", versioned("good"));
        RuleCatalog catalog = rules.catalog();
        rules.write("v.js", "import { rule } from 'warden';\nexport default rule({ id: 'versioned',, });\n");
        catalog.refresh();
        assertThat(catalog.snapshot().problems().get("v.js")).singleElement().satisfies(p -> {
            assertThat(p.location().line()).isEqualTo(2);
            assertThat(p.message()).startsWith("SyntaxError");
        });
        assertThat(run("versioned")).isEqualTo("\"good\"");
    }

    @Test
    void removedFileRemovesItsRules() throws Exception {
        rules.write("v.js", versioned("x"));
        assertThat(rules.catalog().rule("versioned")).isNotNull();
        Files.delete(rules.root().resolve("v.js"));
        assertThat(rules.catalog().rule("versioned")).isNull();
    }

    @Test
    void aRulesFolderThatGoesAwayKeepsItsRulesRunningUntilItIsBack() throws Exception {
        rules.write("v.js", versioned("here"));
        RuleCatalog catalog = rules.catalog();
        Path away = rules.root().resolveSibling(rules.root().getFileName() + "-away");
        Files.move(rules.root(), away);
        try {
            assertThat(catalog.refresh()).isFalse();
            assertThat(catalog.rule("versioned")).isNotNull();
        } finally {
            Files.move(away, rules.root());
        }
        rules.write("v.js", versioned("back"));
        assertThat(run("versioned")).isEqualTo("\"back\"");
    }

    @Test
    void addedFileIsPickedUp() {
        rules.write("v.js", versioned("x"));
        rules.catalog();
        rules.write("w.js", versioned("y").replace("'versioned'", "'other'"));
        assertThat(rules.catalog().rules()).extracting(LoadedRule::id).containsExactlyInAnyOrder("versioned", "other");
    }

    @Test
    void changedLibraryReloadsTheRulesThatImportIt() {
        rules.write("lib/text.js", "export const word = 'old';");
        rules.write("uses.js", """
                import { rule, manual } from 'warden';
                import { word } from './lib/text.js';
                export default rule({ id: 'uses', triggers: [manual()], run() { return word; } });
                """);
        assertThat(run("uses")).isEqualTo("\"old\"");
        rules.write("lib/text.js", "export const word = 'new';");
        assertThat(run("uses")).isEqualTo("\"new\"");
    }

    @Test
    void duplicateIdsAreReportedAtTheSecondDefinition() {
        rules.write("a.js", versioned("a"));
        rules.write("b.js", versioned("b"));
        RuleCatalog catalog = rules.catalog();
        assertThat(catalog.snapshot().problems().get("b.js")).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("already defined at a.js:2:"));
        assertThat(run("versioned")).isEqualTo("\"a\"");
    }

    @Test
    void aDuplicatedIdBelongsToTheFileThatSortsFirstLiveAndAfterARestart() {
        rules.write("b.js", versioned("b"));
        assertThat(run("versioned")).isEqualTo("\"b\"");
        rules.write("a.js", versioned("a"));
        RuleCatalog live = rules.catalog();
        assertThat(run("versioned")).isEqualTo("\"a\"");
        assertThat(live.snapshot().problems()).containsOnlyKeys("b.js");
        assertThat(live.snapshot().problems().get("b.js")).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("already defined at a.js:2:", "this definition is ignored"));

        try (RulesFolder restarted = new RulesFolder(rules.root())) {
            RuleCatalog catalog = restarted.catalog();
            assertThat(catalog.rule("versioned").file().path()).isEqualTo("a.js");
            assertThat(catalog.snapshot().problems()).isEqualTo(live.snapshot().problems());
        }
    }

    @Test
    void severalRulesPerFileAndTheFluentFormAreLoaded() {
        rules.write("many.js", """
                import { rule, manual, when, webhook } from 'warden';
                export const one = rule({ id: 'one', triggers: [manual()], run() { return 1; } });
                export const two = rule({ id: 'two', triggers: [webhook('x')], run() { return 2; } });
                export default when('three').webhook('y').withAdminKey(5).timeout('10s').then(() => 3);
                """);
        RuleCatalog catalog = rules.catalog();
        assertThat(catalog.rules()).extracting(LoadedRule::id).containsExactlyInAnyOrder("one", "two", "three");
        RuleDefinition three = catalog.rule("three").definition();
        assertThat(three.adminKeyMinutes()).isEqualTo(5);
        assertThat(three.timeout()).hasSeconds(10);
        assertThat(three.listensTo("y")).isTrue();
        assertThat(run("three")).isEqualTo("3");
    }

    @Test
    void timeoutAboveTheMaximumIsAProblem() {
        rules.write("slow.js", """
                import { rule, manual } from 'warden';
                export default rule({ id: 'slow', timeout: '2h', triggers: [manual()], run() {} });
                """);
        assertThat(rules.catalog().snapshot().problems().get("slow.js")).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("at most 15m"));
    }

    @Test
    void aPromiseATopLevelRejectedAndNobodyHandledIsAWarningOfTheFileWhichStillLoads() {
        rules.write("lib/boot.js", "export const ready = true;\nPromise.reject(new Error('lib failed'));\n");
        rules.write("top.js", """
                import { rule, manual } from 'warden';
                import { ready } from './lib/boot.js';
                Promise.reject(new Error('warm-up failed'));
                Promise.reject(new Error('handled')).catch(() => {});
                export default rule({ id: 'top', triggers: [manual()], run() { return ready; } });
                """);
        RuleCatalog catalog = rules.catalog();
        catalog.refresh();
        assertThat(catalog.snapshot().problems()).isEmpty();
        assertThat(catalog.snapshot().warnings().get("top.js")).extracting(Object::toString).containsExactlyInAnyOrder(
                "top.js:3:16: a promise was rejected at the module's top level and nothing handled it (await it or "
                        + "add .catch()): Error: warm-up failed",
                "top.js:1:1: a promise was rejected at the module's top level and nothing handled it (await it or "
                        + "add .catch()): Error: lib failed (at lib/boot.js:2)");
        assertThat(run("top")).isEqualTo("true");
    }
}
