package dev.warden.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.warden.testing.RulesFolder;

/** Where `warden check`, the log and the API place a rule's problems: at the field's key, in the file that wrote it. */
class RuleProblemPlaceTest {

    @RegisterExtension
    final RulesFolder rules = RulesFolder.perTest();

    private List<String> problems(String file) {
        return rules.catalog().snapshot().problems().get(file).stream().map(RuleProblem::toString).toList();
    }

    @Test
    void aFieldsProblemIsPlacedAtItsKey() {
        rules.write("r.js", """
                import { rule, manual } from 'warden';

                export default rule({
                  id: 'r',
                  triggers: [manual()],
                  timeout: 'ten seconds',
                  adminKey: { minutes: 90 },
                  colour: 'blue',
                  run() { return 1; },
                });
                """);
        assertThat(problems("r.js")).containsExactlyInAnyOrder(
                "r.js:8:3: unknown rule field 'colour'; rules have id, description, triggers, adminKey, timeout, "
                        + "misfire, concurrency and run",
                "r.js:6:3: timeout: 'ten seconds' is not a duration; write e.g. 500ms, 30s, 5m, 2h or 90d",
                "r.js:7:3: adminKey.minutes must be a whole number from 1 to 60 (Confluence's admin key lasts at "
                        + "most 60 minutes), got 90");
    }

    @Test
    void aSyntaxErrorInAnImportedFileIsNamedOnceInTheImporterWithTheLibrarysLineAndColumn() {
        rules.write("lib/broken.mjs", """
                export function f() {
                  return 1 +;
                }
                """);
        rules.write("uses.js", """
                import { rule, manual } from 'warden';
                import { f } from './lib/broken.mjs';
                export default rule({ id: 'uses', triggers: [manual()], run: () => f() });
                """);
        assertThat(problems("lib/broken.mjs")).containsExactly(
                "lib/broken.mjs:2:13: SyntaxError: Expected an operand but found ;");
        assertThat(problems("uses.js")).containsExactly(
                "uses.js:1:1: SyntaxError in the imported file lib/broken.mjs, line 2, column 13: Expected an operand "
                        + "but found ;");
    }

    @Test
    void aRuleThatALibraryBuildsHasItsProblemsPlacedInTheLibrary() {
        rules.write("lib/make.js", """
                import { rule, manual } from 'warden';
                // builds a rule
                export function make(id, timeout) {
                  return rule({ id, triggers: [manual()], timeout, run() { return 1; } });
                }
                """);
        rules.write("uses.js", """
                import { make } from './lib/make.js';
                export default make('uses', 'soon');
                """);
        assertThat(problems("uses.js")).containsExactly("lib/make.js:4:43: timeout: 'soon' is not a duration; write "
                + "e.g. 500ms, 30s, 5m, 2h or 90d (in a rule that uses.js exports)");
    }

    @Test
    void aProblemFoundNowhereInTheLiteralStaysAtTheCall() {
        rules.write("r.js", """
                import { rule, manual } from 'warden';
                const base = { timeout: 'never' };
                export default rule({ ...base, id: 'r', triggers: [manual()], run() { return 1; } });
                """);
        assertThat(problems("r.js")).singleElement().asString().startsWith("r.js:3:16: timeout: 'never'");
    }
}
